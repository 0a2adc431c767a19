"""The application's task queue (huey) and the delivery tasks on it.

The API:

* ``huey``: the queue. Storage is an SQLite file by default (``SEGAPP_QUEUE_PATH``, else
  ``.data/queue.db``: no server needed, for the demo, ``make run`` and the tests), Redis when
  ``SEGAPP_QUEUE_URL`` is a ``redis://``, ``rediss://`` or ``unix://`` URL (several machines).
  It is made once, when this module is first imported, from the environment at that moment.
  Workers are huey's consumer: ``huey_consumer segapp.services.delivery.tasks.huey -k process
  -w N`` (``make run`` and ``make serve`` start it). Other long work may be put on the same
  queue with ``@huey.task()`` in a module this one imports, so the same consumers run it; a
  task must be idempotent (huey delivers a task at most once, a consumer killed while running
  it loses it), and its arguments are pickled.
* ``kick()``: asks the workers to deliver now; never fails the caller. ``outbox`` calls it
  right after every transaction that queued messages commits; nothing else needs to.
* ``deliver``: the task ``kick`` enqueues; ``sweep``: the same every minute, the safety net
  for retries that became due and for messages whose request was lost (the app stopped
  between its commit and the request, or the queue was unreachable); each consumer also
  sweeps once when it starts.

The queue only says "look at the outbox now"; the outbox rows in the application's database
are the truth, claimed with leases (see ``outbox.claim``), so a lost, repeated or concurrent
task never loses or doubles a message."""

from __future__ import annotations

import logging
import os

from huey import RedisHuey, SqliteHuey, crontab

from ...settings import DATA_DIR

log = logging.getLogger(__name__)


def _make_huey():
    url = os.environ.get("SEGAPP_QUEUE_URL", "").strip()
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey("segapp-delivery", url=url)
    path = os.environ.get("SEGAPP_QUEUE_PATH") or str(DATA_DIR / "queue.db")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    return SqliteHuey("segapp-delivery", filename=path, results=False)


huey = _make_huey()


def _drain() -> None:
    from .worker import drain  # the database engine is made in the worker process

    result = drain()
    if result.sent or result.failed or result.retried:
        log.info(
            "delivery: %s sent, %s failed, %s to retry", result.sent, result.failed, result.retried
        )


@huey.task()
def deliver() -> None:
    _drain()


@huey.periodic_task(crontab(minute="*"))
def sweep() -> None:
    _drain()


@huey.on_startup()
def _on_startup() -> None:
    try:
        _drain()
    except Exception:
        log.exception("delivery sweep at start failed")


def kick() -> None:
    """Asks the workers to deliver now. Never fails the caller: if the queue cannot be
    reached, the next periodic sweep delivers the messages anyway."""
    try:
        deliver()
    except Exception:
        log.warning("delivery queue unreachable; the next sweep delivers", exc_info=True)
