"""An uploaded file kept between the steps of a dialog (a CSV import: preview, check, import),
reachable by every backend worker.

With a shared store (see :func:`segapp.services.core.downloads.store`) the file goes into Redis
with an expiry and the state keeps only its key; a step on any worker reads it back into a
private temporary file for the time of that step. Without one (a single worker), the state
keeps the local file's path, as before.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator
from pathlib import Path

from . import downloads

LIFETIME_SECONDS = 60 * 60
PREFIX = "shared:"


def _key(name: str) -> str:
    return f"segapp:upload:{name}"


def keep(path: Path) -> str:
    """Keeps the uploaded file ``path``; returns the reference the state stores."""
    shared = downloads.store()
    if shared is None:
        return str(path)
    name = secrets.token_urlsafe(24)
    shared.set(_key(name), path.read_bytes(), ex=LIFETIME_SECONDS)
    path.unlink(missing_ok=True)
    return PREFIX + name


@contextlib.contextmanager
def local(ref: str, make_temp) -> Iterator[Path]:
    """A local path of the kept file ``ref`` for the time of one step (``make_temp()`` makes
    a private temporary file)."""
    if not ref.startswith(PREFIX):
        yield Path(ref)
        return
    shared = downloads.store()
    content = shared.get(_key(ref[len(PREFIX) :])) if shared is not None else None
    if content is None:
        from .errors import UserError

        raise UserError("error.csv.no_file")
    path = make_temp()
    try:
        path.write_bytes(content)
        yield path
    finally:
        path.unlink(missing_ok=True)


def discard(ref: str) -> None:
    if not ref:
        return
    if ref.startswith(PREFIX):
        shared = downloads.store()
        if shared is not None:
            shared.delete(_key(ref[len(PREFIX) :]))
        return
    with contextlib.suppress(OSError):
        Path(ref).unlink()
