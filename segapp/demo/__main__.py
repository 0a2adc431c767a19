"""The command line: ``python -m segapp.demo [--database-url URL] [--scale N] [--seed S]``."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from ..db import make_engine, transaction
from ..settings import database_url
from . import DEFAULT_SEED
from .load import load_if_missing
from .scale import add_scale_contacts


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m segapp.demo",
        description="Load the demo data into a database migrated to head.",
    )
    parser.add_argument(
        "--database-url", help="default: SEGAPP_DATABASE_URL, else the SQLite file in .data/"
    )
    parser.add_argument(
        "--scale", type=int, default=0, metavar="N", help="then add N bulk contacts"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    engine = make_engine(args.database_url or database_url())
    try:
        with transaction(engine) as session:
            ok, message = load_if_missing(session, args.seed)
        print(message)
        if not ok:
            return 1
        if args.scale > 0:
            started = time.perf_counter()
            with transaction(engine) as session:
                add_scale_contacts(session, args.scale, args.seed)
            elapsed = time.perf_counter() - started
            print(f"Added {args.scale} contacts in {elapsed:.1f} s")
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
