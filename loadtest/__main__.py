"""``make load``: simulated users against the production layout (``segapp/serve.py``).

Why an own driver rather than locust: Reflex's pages speak Socket.IO over one websocket per
tab, with the page's first event inside the CONNECT packet and each answer spread over several
delta messages; locust has no client for that, and its gevent model would need a synchronous
websocket client and our own protocol code anyway. An asyncio driver (``loadtest/client.py``,
on the ``websockets`` package) holds hundreds of connections in one process, which matters on
a 2-core machine where the driver competes with the server it measures.

The run: a fresh database with the demo data (``--database-url``, its schema is dropped), its
own Redis database (``--redis-url``, flushed), the production server with ``--workers``
backend workers started here (or ``--url`` for a running one), then ``--users`` users for
``--seconds``. Each user signs in (a session made in the database, sent as the session cookie),
creates its own segment and repeats: open segments, open its worksheet, edit a header field,
Add Contacts with a filter, Go Back; every third user then logs a small segment (a new one with
a template and a filter's contacts). Printed: p50/p95/max per action, actions per second,
errors, the RSS of each backend worker, Redis bytes per session and the load average.

``--chaos`` kills one backend worker and one delivery worker in the middle of the run and
checks that the users carry on (a session on the dead worker reconnects and goes on signed in),
that no log entry is lost or written twice, and that every e-mail of the logged segments is
delivered exactly once.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .client import Client, Disconnected, has_delta

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 30.0


@dataclass
class Stats:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    reconnects: int = 0
    interrupted: int = 0
    reported: int = 0  # jobs shown as interrupted after their worker died
    logged: list[str] = field(default_factory=list)
    sending: list[str] = field(default_factory=list)


def _names():
    from segapp.state.base import AppState
    from segapp.state.logging import LogState
    from segapp.state.segments import SegmentsState, WorksheetState
    from segapp.state.selection import SelectionState

    return {
        "app": AppState.get_full_name(),
        "segments": SegmentsState.get_full_name(),
        "worksheet": WorksheetState.get_full_name(),
        "selection": SelectionState.get_full_name(),
        "log": LogState.get_full_name(),
    }


N = _names()


def _handler(state: str, name: str) -> str:
    return f"{N[state]}.{name}"


class User:
    def __init__(self, number: int, url: str, token: str, stats: Stats, deadline: float):
        self.number = number
        self.client = Client(url, token)
        self.stats = stats
        self.deadline = deadline
        self.segment_no = ""
        self.logs = number % 3 == 2  # every third user logs a small segment
        self.edits = 0
        self.step = ""

    async def timed(self, action: str, coroutine) -> None:
        self.step = action
        try:
            seconds = await coroutine
        except Disconnected:
            raise
        self.stats.times[action].append(seconds)
        for text in self.client.refusals:
            if "nothing of it was saved" in text:  # a job that died with its worker
                self.stats.reported += 1
            else:
                self.stats.errors.append(f"user {self.number}: {action}: {text}")
        self.client.refusals.clear()

    # -- the mix ----------------------------------------------------------------------------
    async def open_segments(self) -> float:
        return await self.client.navigate(
            "/segments", {}, has_delta(N["segments"], "rows"), TIMEOUT
        )

    async def open_worksheet(self, no: str) -> float:
        return await self.client.navigate(
            f"/segments/{no}", {"segment_no": no}, has_delta(N["worksheet"], "found"), TIMEOUT
        )

    async def new_segment(self) -> str:
        before = len(self.client.redirects)
        start = time.perf_counter()
        await self.client.call(
            _handler("segments", "new_segment"),
            until=lambda update: any(
                e.get("name") == "_redirect" for e in update.get("events") or []
            ),
            timeout=TIMEOUT,
        )
        self.stats.times["new segment"].append(time.perf_counter() - start)
        path = self.client.redirects[before]
        return path.rsplit("/", 1)[-1]

    async def edit_header(self, field_name: str, value: str) -> float:
        """Changes a header field; when the segment has lines the page asks whether they
        follow, and the user answers No."""
        ws = N["worksheet"]
        start = time.perf_counter()
        found, asked = has_delta(ws, "found"), has_delta(ws, "asking", True)
        update = await self.client.call(
            _handler("worksheet", "change_header"),
            {"field": field_name, "value": value},
            lambda u: found(u) or asked(u),
            TIMEOUT,
            result=True,
        )
        if asked(update) and not found(update):
            await self.client.call(_handler("worksheet", "answer"), {"yes": False}, found, TIMEOUT)
        return time.perf_counter() - start

    async def add_contacts(self, group: str) -> float:
        start = time.perf_counter()
        sel = N["selection"]
        await self.client.call(
            _handler("selection", "open_step"), {"kind": "add"}, has_delta(sel, "count")
        )
        await self.client.call(
            _handler("selection", "set_tab"),
            {"tab": "contact_mailing_group"},
            has_delta(sel, "tab"),
        )
        await self.client.call(
            _handler("selection", "set_filter"),
            {"key": "contact_mailing_group.mailing_group_code", "text": group},
            has_delta(sel, "counting", False),
        )
        await self.client.call(
            _handler("selection", "run_step"), {}, has_delta(N["worksheet"], "found"), TIMEOUT
        )
        return time.perf_counter() - start

    async def go_back(self) -> float:
        start = time.perf_counter()
        sel = N["selection"]
        await self.client.call(_handler("selection", "open_go_back"), {}, has_delta(sel, "dialog"))
        await self.client.call(
            _handler("selection", "confirm_go_back"), {}, has_delta(N["worksheet"], "found")
        )
        return time.perf_counter() - start

    async def log_small_segment(self) -> None:
        no = await self.new_segment()
        await self.timed("open new worksheet", self.open_worksheet(no))
        await self.timed("edit header", self.edit_header("description", f"Logged by {self.number}"))
        await self.timed("edit header", self.edit_header("interaction_template_code", "ABSTRACT"))
        await self.timed("add contacts", self.add_contacts("GIFT"))
        await self.timed("log segment", self.log())
        self.stats.logged.append(no)
        self.client.path, self.client.query = "/segments", {}

    async def log(self) -> float:
        """Log Segment with its defaults (the template sends e-mails: the delivery workers
        send them)."""
        start = time.perf_counter()
        log = N["log"]
        await self.client.call(_handler("log", "open_dialog"), {}, has_delta(log, "dialog_open"))
        await self.client.call(
            _handler("log", "start_log"), {}, has_delta(log, "running", False), 120
        )
        return time.perf_counter() - start

    async def iteration(self) -> None:
        await self.timed("open segments", self.open_segments())
        await self.timed("open worksheet", self.open_worksheet(self.segment_no))
        self.edits += 1
        description = f"Load {self.number}.{self.edits}"
        await self.timed("edit header", self.edit_header("description", description))
        await self.timed("add contacts", self.add_contacts("GIFT"))
        await self.timed("go back", self.go_back())
        if self.logs:
            await self.log_small_segment()

    async def run(self) -> None:
        await asyncio.sleep(random.uniform(0, 2))  # noqa: S311 - the users arrive over 2 s
        await self.client.connect("/segments")
        await asyncio.wait_for(self.client.expect(has_delta(N["segments"], "rows")), TIMEOUT)
        self.segment_no = await self.new_segment()
        while time.monotonic() < self.deadline:
            try:
                await self.iteration()
            except Disconnected:
                # the worker serving this tab died: the page reconnects (a fresh hydrate of
                # the page it shows, still signed in) and the user does the step again
                self.stats.interrupted += 1
                await self.reconnect()
            except TimeoutError:
                self.stats.errors.append(f"user {self.number}: {self.step} not answered")
                await self.reconnect()
        await self.client.close()

    async def reconnect(self) -> None:
        for attempt in range(20):
            try:
                await self.client.close()
                path, query = self.client.path, self.client.query
                await self.client.connect(path, query)
                until = (
                    has_delta(N["worksheet"], "found")
                    if path.startswith("/segments/")
                    else has_delta(N["segments"], "rows")
                )
                await asyncio.wait_for(self.client.expect(until), TIMEOUT)
                self.stats.reconnects += 1
                return
            except (Disconnected, OSError, TimeoutError):
                await asyncio.sleep(0.5 * (attempt + 1))
        self.stats.errors.append(f"user {self.number}: could not reconnect")
        raise SystemExit(1)


# -- the run ----------------------------------------------------------------------------------
def _prepare(database_url: str, redis_url: str, users: int) -> list[str]:
    """A fresh database with the demo data, an empty Redis database, and a session per user."""
    import redis
    from sqlalchemy import text

    from segapp import demo, migrations
    from segapp.db import make_engine, transaction
    from segapp.services.core import auth

    if database_url.startswith("postgresql"):
        _create_database(database_url)
    engine = make_engine(database_url)
    if database_url.startswith("postgresql"):
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    migrations.upgrade(engine)
    with transaction(engine) as session:
        demo.load_demo(session)
    tokens = []
    with transaction(engine) as session:
        for _ in range(users):
            tokens.append(auth.sign_in(session, demo.DEMO_USERNAME, demo.DEMO_PASSWORD))
    engine.dispose()
    redis.Redis.from_url(redis_url).flushdb()
    return tokens


def _create_database(database_url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}
        ).first()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()


def _start_server(args, env: dict[str, str]) -> subprocess.Popen:
    env = {
        **env,
        "SEGAPP_DATABASE_URL": args.database_url,
        "REFLEX_REDIS_URL": args.redis_url,
        "SEGAPP_QUEUE_URL": args.queue_url,
        "SEGAPP_PORT": str(args.port),
        "SEGAPP_HOST": "127.0.0.1",
        "GRANIAN_WORKERS": str(args.workers),
        "SEGAPP_DELIVERY_WORKERS": str(args.delivery_workers),
        "SEGAPP_PICKUP_DIR": str(Path(args.pickup_dir)),
        # a killed delivery worker's claimed messages are taken again after this
        "SEGAPP_DELIVERY_LEASE_SECONDS": "15",
    }
    log = open(args.server_log, "w")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen(
        [sys.executable, "-m", "segapp.serve"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped:\n{Path(args.server_log).read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/ping", timeout=5):
                return server
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the server did not answer in time")


def _processes(server_pid: int) -> tuple[list, list]:
    """(backend workers, delivery worker processes) of the supervisor ``server_pid``."""
    import psutil

    backend, delivery = [], []
    for child in psutil.Process(server_pid).children():
        cmd = " ".join(child.cmdline())
        if "segapp.serve web" in cmd:
            backend = child.children()
        elif "huey_consumer" in cmd:
            delivery = child.children()
    return backend, delivery


async def _chaos(server_pid: int, after: float, stats: Stats) -> None:
    await asyncio.sleep(after)
    backend, delivery = _processes(server_pid)
    if backend:
        print(f"chaos: killing backend worker {backend[0].pid}", flush=True)
        backend[0].send_signal(signal.SIGKILL)
    if delivery:
        print(f"chaos: killing delivery worker {delivery[0].pid}", flush=True)
        delivery[0].send_signal(signal.SIGKILL)


def _pct(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _redis_bytes(redis_url: str) -> tuple[int, int]:
    import redis

    client = redis.Redis.from_url(redis_url)
    total, keys = 0, 0
    for key in client.scan_iter(count=500):
        total += client.memory_usage(key) or 0
        keys += 1
    return total, keys


async def _wait_for_delivery(database_url: str, seconds: float) -> None:
    """Until no e-mail waits (a dead worker's claimed ones wait for their lease)."""
    from sqlalchemy import text

    from segapp.db import make_engine

    engine = make_engine(database_url)
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                waiting = conn.execute(
                    text(
                        "SELECT count(*) FROM email_message WHERE status IN ('pending', 'sending')"
                    )
                ).scalar_one()
            if not waiting:
                return
            await asyncio.sleep(1)
    finally:
        engine.dispose()


def _check_entries(database_url: str, logged: list[str], pickup_dir: str) -> list[str]:
    """Every logged segment has one entry per line, once; every e-mail of them is sent once."""
    from sqlalchemy import bindparam, text

    from segapp.db import make_engine

    problems = []
    engine = make_engine(database_url)
    with engine.connect() as conn:
        for no in logged:
            logged_rows, entries, contacts = conn.execute(
                text(
                    "SELECT (SELECT count(*) FROM logged_segment WHERE segment_no = :no),"
                    " count(*), count(DISTINCT contact_id)"
                    " FROM interaction_log_entry WHERE segment_no = :no"
                ),
                {"no": no},
            ).one()
            if logged_rows != 1 or entries == 0:
                problems.append(f"segment {no}: {logged_rows} logged segment(s), {entries} entries")
            elif entries != contacts:
                problems.append(f"segment {no}: {entries} entries for {contacts} contacts")
        # every e-mail of those entries is sent, and written once (the pickup folder)
        rows = conn.execute(
            text(
                "SELECT m.status, m.message_id FROM email_message m"
                " JOIN interaction_log_entry e ON e.entry_no = m.entry_no"
                " WHERE e.segment_no IN :nos"
            ).bindparams(bindparam("nos", expanding=True)),
            {"nos": logged or [""]},
        ).all()
    engine.dispose()
    unsent = [r for r in rows if r[0] != "sent"]
    if unsent:
        problems.append(f"{len(unsent)} of {len(rows)} e-mails not sent")
    written = Counter()
    for path in Path(pickup_dir).glob("*.eml"):
        for line in path.read_bytes().split(b"\n", 60):
            if line.lower().startswith(b"message-id:"):
                written[line.split(b":", 1)[1].strip().decode()] += 1
                break
    twice = [m for r in rows if (m := r[1]) and written.get(m, 0) > 1]
    missing = [m for r in rows if r[0] == "sent" and (m := r[1]) and m not in written]
    if twice:
        problems.append(f"{len(twice)} e-mails written more than once")
    if missing:
        problems.append(f"{len(missing)} sent e-mails missing from the pickup folder")
    print(f"e-mails of the logged segments: {len(rows)}, sent {len(rows) - len(unsent)}")
    return problems


async def _main(args) -> int:
    env = dict(os.environ)
    shutil.rmtree(args.pickup_dir, ignore_errors=True)
    tokens = _prepare(args.database_url, args.redis_url, args.users)
    server = None if args.url else _start_server(args, env)
    url = args.url or f"http://127.0.0.1:{args.port}"
    stats = Stats()
    try:
        deadline = time.monotonic() + args.seconds
        users = [User(i, url, tokens[i], stats, deadline) for i in range(args.users)]
        tasks = [asyncio.create_task(u.run()) for u in users]
        if args.chaos and server is not None:
            tasks.append(asyncio.create_task(_chaos(server.pid, args.seconds / 2, stats)))
        rss_max: dict[int, int] = {}
        started = time.monotonic()
        while not all(t.done() for t in tasks):
            await asyncio.sleep(1)
            if server is not None:
                for process in _processes(server.pid)[0]:
                    try:
                        rss_max[process.pid] = max(
                            rss_max.get(process.pid, 0), process.memory_info().rss
                        )
                    except Exception:  # noqa: S112 - a worker that died meanwhile
                        continue
        elapsed = time.monotonic() - started
        failures = [t.exception() for t in tasks if t.exception() is not None]
        for failure in failures:
            stats.errors.append(f"a user stopped: {failure!r}")
        redis_total, redis_keys = _redis_bytes(args.redis_url)
        await _wait_for_delivery(args.database_url, 120 if args.chaos else 30)
        problems = _check_entries(args.database_url, stats.logged, args.pickup_dir)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)

    count = sum(len(v) for v in stats.times.values())
    load = os.getloadavg()
    print()
    print(
        f"{args.users} users, {args.workers} backend worker(s), {args.seconds:.0f} s"
        f" (load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, {os.cpu_count()} cores)"
    )
    print(f"{'action':<20}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for action in sorted(stats.times):
        values = stats.times[action]
        print(
            f"{action:<20}{len(values):>7}{statistics.median(values) * 1000:>9.0f}"
            f"{_pct(values, 0.95) * 1000:>9.0f}{max(values) * 1000:>9.0f}"
        )
    every = [v for values in stats.times.values() for v in values]
    if every:
        print(
            f"{'all':<20}{count:>7}{statistics.median(every) * 1000:>9.0f}"
            f"{_pct(every, 0.95) * 1000:>9.0f}{max(every) * 1000:>9.0f}"
        )
    print(f"actions per second: {count / elapsed:.1f}")
    print(f"errors: {len(stats.errors)}")
    for error in stats.errors[:10]:
        print(f"  {error}")
    print(
        f"interrupted actions: {stats.interrupted}, reconnects: {stats.reconnects},"
        f" jobs reported interrupted: {stats.reported}"
    )
    print(f"segments logged: {len(stats.logged)}")
    for pid, rss in sorted(rss_max.items()):
        print(f"backend worker {pid}: max RSS {rss / 2**20:.0f} MiB")
    print(
        f"Redis: {redis_total / 1024:.0f} KiB in {redis_keys} keys,"
        f" {redis_total / max(1, args.users) / 1024:.1f} KiB per session"
    )
    for problem in problems:
        print(f"PROBLEM: {problem}")
    failed = bool(stats.errors or problems)
    if args.chaos and stats.reconnects == 0:
        print("PROBLEM: the chaos run saw no session reconnect")
        failed = True
    return 1 if failed else 0


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m loadtest", description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--delivery-workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=3100)
    parser.add_argument("--url", default="", help="a running server instead of starting one")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("SEGAPP_LOAD_DATABASE_URL")
        or "postgresql+psycopg://postgres@127.0.0.1:5432/segapp_load",
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("SEGAPP_LOAD_REDIS_URL", "redis://127.0.0.1:6379/1")
    )
    parser.add_argument(
        "--queue-url", default=os.environ.get("SEGAPP_LOAD_QUEUE_URL", "redis://127.0.0.1:6379/2")
    )
    parser.add_argument("--pickup-dir", default=str(ROOT / ".data" / "load-outbox"))
    parser.add_argument("--server-log", default=str(ROOT / ".data" / "load-server.log"))
    parser.add_argument("--chaos", action="store_true")
    args = parser.parse_args()
    (ROOT / ".data").mkdir(exist_ok=True)
    sys.exit(asyncio.run(_main(args)))


if __name__ == "__main__":
    main()
