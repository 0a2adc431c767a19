"""The task queue of delivery (huey): the app asks for a delivery after each committed log or
resend, a periodic task sweeps every minute for whatever is due (retries, and messages whose
request was lost because the app stopped right after its commit), and each worker sweeps once
when it starts.

The queue only says "look at the outbox now"; the outbox rows in the application's database
are the truth, claimed with leases (see ``outbox.claim``), so a lost, repeated or concurrent
task never loses or doubles a message.

Storage: an SQLite file next to the database by default (``SEGAPP_QUEUE_PATH``), Redis when
``SEGAPP_QUEUE_URL`` is a redis:// URL.
Workers: ``huey_consumer segapp.services.delivery.tasks.huey``."""

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
