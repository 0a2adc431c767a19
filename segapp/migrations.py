"""Running Alembic from Python: ``make run``, the tests and the benchmarks build their schema
through the same migrations a production database gets."""

from __future__ import annotations

from collections.abc import Callable

from alembic.config import Config
from sqlalchemy.engine import Engine

from alembic import command

from .settings import ROOT


def alembic_config() -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "alembic"))
    cfg.attributes["configure_logger"] = False
    return cfg


def _run(engine: Engine, action: Callable[[Config], None]) -> None:
    """Runs ``action`` on one connection in one transaction.

    On SQLite, foreign keys are switched off while migrations run (they cannot be switched in a
    transaction): recreating a table, as batch migrations do, drops the old one, and with
    foreign keys on that would delete or reject every row pointing at it. They are checked
    afterwards, and the migration is undone if any row points nowhere."""
    cfg = alembic_config()
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                cfg.attributes["connection"] = connection
                action(cfg)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"rows point at missing rows after migrating: {broken}")
        finally:
            if sqlite:
                connection.rollback()
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Brings the database behind ``engine`` to ``revision``."""
    _run(engine, lambda cfg: command.upgrade(cfg, revision))


def downgrade(engine: Engine, revision: str = "base") -> None:
    _run(engine, lambda cfg: command.downgrade(cfg, revision))
