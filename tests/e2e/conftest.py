"""The real app, started once for the browser tests on a fresh database with the demo data,
driven by Playwright in Debian's Chromium (Playwright's own browser download cannot work here)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

from segapp import demo, migrations
from segapp.db import make_engine, transaction

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
STARTUP_SECONDS = 240
# SEGAPP_E2E_SERVER=prod runs the suite against the production layout (``make serve``: built
# pages, GRANIAN_WORKERS backend workers, Redis from SEGAPP_E2E_REDIS_URL when set).
PROD = os.environ.get("SEGAPP_E2E_SERVER") == "prod"
EXPORT_ARGS = ("--frontend-only", "--no-zip", "--env", "prod")
RUNNING: dict = {}  # the running app's backend port, server process id and database


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, deadline: float, server: subprocess.Popen, log: Path) -> None:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the app stopped while starting:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer in time:\n{log.read_text()[-4000:]}")


def _prepare_database(tmp: Path) -> str:
    url = os.environ.get("SEGAPP_TEST_DATABASE_URL") or f"sqlite:///{tmp / 'e2e.db'}"
    engine = make_engine(url)
    if url.startswith("postgresql"):
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    migrations.upgrade(engine)
    with transaction(engine) as session:
        demo.load_demo(session)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("e2e")
    database_url = _prepare_database(tmp)
    frontend, backend = _free_port(), _free_port()
    log = tmp / "app.log"
    env = {
        **os.environ,
        "SEGAPP_DATABASE_URL": database_url,
        "REFLEX_TELEMETRY_ENABLED": "false",
        "REFLEX_CHECK_LATEST_VERSION": "0",
        "REFLEX_DIR": str(ROOT / ".tools" / "reflex"),
        "PATH": f"{ROOT / '.tools' / 'bun' / 'node_modules' / '.bin'}:{os.environ['PATH']}",
        "SEGAPP_QUEUE_PATH": str(tmp / "queue.db"),
        "SEGAPP_PICKUP_DIR": str(tmp / "outbox"),
    }
    for name in ("REFLEX_REDIS_URL", "SEGAPP_SMTP_URL", "SEGAPP_QUEUE_URL"):
        env.pop(name, None)
    RUNNING["pickup_dir"] = tmp / "outbox"
    if PROD:
        yield from _prod_server(tmp, env, database_url)
        return
    # the delivery worker, as `make run` starts it next to the app
    workers = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "huey_consumer"),
            "segapp.services.delivery.tasks.huey",
            "-k",
            "process",
            "-w",
            "1",
            "-m",
            "0.5",
            "-q",
        ],
        cwd=ROOT,
        env=env,
        stdout=(tmp / "workers.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "reflex"),
                "run",
                "--frontend-port",
                str(frontend),
                "--backend-port",
                str(backend),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        _wait_for(f"http://127.0.0.1:{backend}/ping", deadline, server, log)
        _wait_for(f"http://127.0.0.1:{frontend}/", deadline, server, log)
        RUNNING.update(
            backend_port=backend,
            server_pid=server.pid,
            database_url=database_url,
            workers_pid=workers.pid,
        )
        yield f"http://127.0.0.1:{frontend}"
    finally:
        for process in (server, workers):
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(process.pid, signal.SIGKILL)


def _prod_server(tmp: Path, env: dict, database_url: str) -> Iterator[str]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp / "app.log"
    with log.open("w") as out:
        subprocess.run(
            [str(ROOT / ".venv" / "bin" / "reflex"), "export", *EXPORT_ARGS],
            cwd=ROOT,
            env={**env, "REFLEX_API_URL": url},
            stdout=out,
            stderr=subprocess.STDOUT,
            check=True,
        )
    env = {
        **env,
        "SEGAPP_PORT": str(port),
        "SEGAPP_HOST": "127.0.0.1",
        "GRANIAN_WORKERS": os.environ.get("GRANIAN_WORKERS", "1"),
        "SEGAPP_DELIVERY_WORKERS": "1",
    }
    if os.environ.get("SEGAPP_E2E_REDIS_URL"):
        env["REFLEX_REDIS_URL"] = os.environ["SEGAPP_E2E_REDIS_URL"]
    with log.open("a") as out:
        server = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "python"), "-m", "segapp.serve"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        _wait_for(f"{url}/ping", deadline, server, log)
        _wait_for(f"{url}/signin", deadline, server, log)
        RUNNING.update(backend_port=port, server_pid=server.pid, database_url=database_url)
        yield url
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(server.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def backend_port(app_url: str) -> int:
    """The port of the running app's backend, for tests that send raw HTTP requests."""
    return RUNNING["backend_port"]


@pytest.fixture(scope="session")
def app_database_url(app_url: str) -> str:
    """The running app's database, for tests that store hostile data the UI cannot make."""
    return RUNNING["database_url"]


@pytest.fixture(scope="session")
def pickup_dir(app_url: str) -> Path:
    """The running app's pickup folder (its Outbox page), for tests that drop a message in."""
    return RUNNING["pickup_dir"]


@pytest.fixture(scope="session")
def backend_process(app_url: str):
    """The running app's backend worker process (psutil), to measure its memory."""
    import psutil

    server = psutil.Process(RUNNING["server_pid"])
    port = RUNNING["backend_port"]
    listening = []
    for process in [server, *server.children(recursive=True)]:
        try:
            if any(c.laddr.port == port for c in process.net_connections(kind="tcp")):
                listening.append(process)
        except psutil.Error:
            continue
    if not listening:
        raise RuntimeError("no process listens on the backend port")
    return listening[-1]  # the worker, when a reloader started it


@pytest.fixture(scope="session")
def delivery_paused(app_url: str):
    """A context manager stopping the app's delivery workers (SIGSTOP) inside its block and
    resuming them after it: e-mails logged meanwhile stay In Progress until then."""
    import psutil

    @contextmanager
    def paused() -> Iterator[None]:
        if RUNNING.get("workers_pid"):
            roots = [psutil.Process(RUNNING["workers_pid"])]
        else:  # the production layout: the consumer is a child of the supervisor
            server = psutil.Process(RUNNING["server_pid"])
            roots = [
                p
                for p in server.children(recursive=True)
                if "huey_consumer" in " ".join(p.cmdline())
            ]
        processes = [*roots, *(c for root in roots for c in root.children(recursive=True))]
        for process in processes:
            process.suspend()
        try:
            yield
        finally:
            for process in processes:
                process.resume()

    return paused


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def base_url(app_url: str) -> str:
    return app_url


@pytest.fixture
def page(page):
    page.set_default_timeout(30_000)
    return page


def sign_in(page, username: str = demo.DEMO_USERNAME, password: str = demo.DEMO_PASSWORD):
    """Signs in through the form and waits for the segments list."""
    page.goto("/signin")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#signin-submit")
    page.wait_for_url("**/segments")
    page.locator(".segment-row:visible, .segment-card:visible").first.wait_for()


VIEWPORTS = {
    "desktop": {"viewport": {"width": 1366, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


@pytest.fixture(params=list(VIEWPORTS))
def screen(request, browser, base_url):
    """("desktop" or "phone", a page of a fresh browser context of that size): a test using it
    runs once on each."""
    context = browser.new_context(base_url=base_url, **VIEWPORTS[request.param])
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield request.param, page
    context.close()
