"""Timing, databases and output shared by the benchmark cases."""

from __future__ import annotations

import os
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

from segapp import migrations
from segapp.db import make_engine


@dataclass
class Result:
    case: str
    db: str
    n: int
    seconds: float
    baseline_seconds: float
    extra: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        ratio = self.seconds / self.baseline_seconds if self.baseline_seconds else float("inf")
        parts = [
            f"case={self.case}",
            f"db={self.db}",
            f"n={self.n}",
            f"seconds={self.seconds:.6f}",
            f"baseline_seconds={self.baseline_seconds:.6f}",
            f"ratio={ratio:.2f}",
            f"peak_rss_mb={peak_rss_mb():.0f}",
        ]
        parts += [f"{k}={v}" for k, v in self.extra.items()]
        return " ".join(parts)


def peak_rss_mb() -> float:
    """The process's peak resident memory so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def median_seconds(fn: Callable[[], Any], repeat: int, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def databases() -> list[tuple[str, str]]:
    """(kind, url) of every database to measure: a fresh SQLite file, and PostgreSQL when
    SEGAPP_BENCH_DATABASE_URL is set."""
    tmp = Path(tempfile.mkdtemp(prefix="segapp-bench-"))
    result = [("sqlite", f"sqlite:///{tmp / 'bench.db'}")]
    pg = os.environ.get("SEGAPP_BENCH_DATABASE_URL")
    if pg:
        result.append(("postgresql", pg))
    return result


def fresh_engine(url: str) -> Engine:
    """An engine on an empty database migrated to head (PostgreSQL's schema is rebuilt)."""
    engine = make_engine(url)
    if url.startswith("postgresql"):
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        path = Path(url.removeprefix("sqlite:///"))
        if path.exists():
            engine.dispose()
            path.unlink()
            engine = make_engine(url)
    migrations.upgrade(engine)
    return engine
