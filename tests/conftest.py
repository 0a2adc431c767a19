"""Databases for tests: SQLite by default, PostgreSQL when SEGAPP_TEST_DATABASE_URL is set."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from segapp import migrations
from segapp.db import make_engine

TEST_DATABASE_URL = os.environ.get("SEGAPP_TEST_DATABASE_URL", "")
# Logging with e-mails asks the delivery queue to send once committed: tests get a queue of
# their own (an SQLite file), never the developer's.
os.environ.setdefault(
    "SEGAPP_QUEUE_PATH", os.path.join(tempfile.mkdtemp(prefix="segapp-test-queue-"), "q.db")
)


def database_kind() -> str:
    return "postgresql" if TEST_DATABASE_URL.startswith("postgresql") else "sqlite"


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database migrated to head once per test run: an SQLite file to copy, or the
    PostgreSQL database itself (rebuilt from nothing at the start of the run)."""
    if database_kind() == "postgresql":
        engine = make_engine(TEST_DATABASE_URL)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        migrations.upgrade(engine)
        engine.dispose()
        return TEST_DATABASE_URL
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrations.upgrade(engine)
    engine.dispose()
    return str(path)


@pytest.fixture
def db_engine(migrated_template: str, tmp_path: Path) -> Iterator[Engine]:
    """An engine on an empty, fully migrated database of its own for this test."""
    if database_kind() == "postgresql":
        engine = make_engine(migrated_template)
        tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    else:
        path = tmp_path / "test.db"
        shutil.copyfile(migrated_template, path)
        engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture
def session(db_engine: Engine) -> Iterator[Session]:
    """A session on the test's own database; tests commit when the rule they check needs it."""
    with Session(db_engine, expire_on_commit=False) as s:
        yield s
