"""Settings read from the environment, shared by the app, migrations, demo data and benchmarks."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / ".data"


def database_url() -> str:
    """The database URL: ``SEGAPP_DATABASE_URL`` or the default SQLite file."""
    url = os.environ.get("SEGAPP_DATABASE_URL")
    if url:
        return url
    DATA_DIR.mkdir(exist_ok=True)
    return f"sqlite:///{DATA_DIR / 'segapp.db'}"
