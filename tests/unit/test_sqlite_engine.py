"""The SQLite engine lets readers work while someone writes (WAL) and makes a second writer
wait for the first instead of failing with "database is locked" (busy timeout)."""

from __future__ import annotations

import threading
import time

from sqlalchemy import text

from segapp.db import make_engine


def _engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)"))
        conn.execute(text("INSERT INTO note (body) VALUES ('first')"))
    return engine


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    engine = _engine(tmp_path)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_a_reader_does_not_wait_for_a_writer(tmp_path):
    engine = _engine(tmp_path)
    with engine.connect() as writer:
        writer.execute(text("BEGIN IMMEDIATE"))
        writer.execute(text("INSERT INTO note (body) VALUES ('pending')"))
        start = time.perf_counter()
        with engine.connect() as reader:
            bodies = reader.execute(text("SELECT body FROM note")).scalars().all()
        assert bodies == ["first"]  # the committed data, at once
        assert time.perf_counter() - start < 2
        writer.execute(text("ROLLBACK"))
    engine.dispose()


def test_a_second_writer_waits_for_the_first_instead_of_failing(tmp_path):
    engine = _engine(tmp_path)
    holding = threading.Event()

    def first_writer() -> None:
        with engine.connect() as conn:
            conn.execute(text("BEGIN IMMEDIATE"))
            conn.execute(text("INSERT INTO note (body) VALUES ('one')"))
            holding.set()
            time.sleep(0.5)
            conn.execute(text("COMMIT"))

    thread = threading.Thread(target=first_writer)
    thread.start()
    assert holding.wait(10)
    with engine.begin() as conn:  # would raise "database is locked" without a busy timeout
        conn.execute(text("INSERT INTO note (body) VALUES ('two')"))
    thread.join()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM note")).scalar() == 3
    engine.dispose()
