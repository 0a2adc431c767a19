"""The production layout on one machine: ``python -m segapp.serve`` (``make serve``).

It supervises two processes and restarts either when it stops unexpectedly:

- ``web``: granian serving the compiled pages and the backend on one port, with N backend
  workers (``GRANIAN_WORKERS``, default 2). Granian's own supervisor respawns a worker that
  dies (``respawn_failed_workers``, which ``reflex run --env prod`` does not turn on); the app
  is imported once before the workers fork, as Reflex does, so a respawned worker serves
  within a second or two.
- ``delivery``: huey's consumer with ``SEGAPP_DELIVERY_WORKERS`` worker processes (default 2);
  huey restarts a dead worker process itself, and the outbox's leases hand a dead worker's
  messages to another one.

The pages must have been built first (``reflex export --frontend-only --no-zip --env prod``,
which ``make serve`` runs). Several workers need ``REFLEX_REDIS_URL`` (the sessions' state is
shared through Redis); the supervisor refuses more than one worker without it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESTART_PAUSE_SECONDS = 1.0


def _int(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


def _prod_env() -> dict[str, str]:
    return {
        # Reflex's opportunistic lock: a session's state lock stays with the worker that
        # serves its websocket between events (another worker asking for it breaks the
        # lease), instead of a Redis lock round trip per event; without it, an event sent
        # right after another's answer could wait the whole lock expiration (10 s) for a
        # release notification
        "REFLEX_OPLOCK_ENABLED": "true",
        **os.environ,
        "REFLEX_ENV_MODE": "prod",
        # what `reflex run --env prod` tells its backend: serve the built pages, don't compile
        "__REFLEX_MOUNT_FRONTEND_COMPILED_APP": "true",
        "__REFLEX_SKIP_COMPILE": "true",
    }


def web() -> None:
    """granian with respawning workers on the app's ASGI (runs in its own process)."""
    import multiprocessing

    from granian.constants import Interfaces
    from granian.server import Server
    from reflex.utils import exec as rx_exec

    os.environ.update(_prod_env())
    # the app is imported before the workers fork (Reflex's own preload for forked workers),
    # so the pages are evaluated once and a respawned worker is ready at once
    method = getattr(rx_exec, "_backend_start_method", lambda: None)()
    if method is not None:
        multiprocessing.set_start_method(method, force=True)
        preload = getattr(rx_exec, "_preload_for_fork", None)
        if method == "fork" and preload is not None and not preload(None):
            multiprocessing.set_start_method("spawn", force=True)
    server = Server(
        target=rx_exec.get_app_instance_from_file(),
        factory=True,
        address=os.environ.get("SEGAPP_HOST", "0.0.0.0"),  # noqa: S104 - a server's address
        port=_int("SEGAPP_PORT", 3000),
        interface=Interfaces.ASGI,
        workers=_int("GRANIAN_WORKERS", 2),
        respawn_failed_workers=True,
        respawn_interval=float(os.environ.get("GRANIAN_RESPAWN_INTERVAL", "0.5")),
        workers_kill_timeout=5,
    )
    server.serve()


def _commands() -> dict[str, list[str]]:
    bin_dir = Path(sys.executable).parent
    return {
        "web": [sys.executable, "-m", "segapp.serve", "web"],
        "delivery": [
            str(bin_dir / "huey_consumer"),
            "segapp.services.delivery.tasks.huey",
            "-k",
            "process",
            "-w",
            str(_int("SEGAPP_DELIVERY_WORKERS", 2)),
            "-m",
            "0.5",
            "-S",
            "-q",
        ],
    }


def supervise() -> int:
    if _int("GRANIAN_WORKERS", 2) > 1 and not os.environ.get("REFLEX_REDIS_URL"):
        print("Several backend workers share the sessions through Redis: set REFLEX_REDIS_URL.")
        return 2
    commands = _commands()
    env = _prod_env()
    running: dict[str, subprocess.Popen] = {}
    stopping = False

    def start(name: str) -> None:
        running[name] = subprocess.Popen(commands[name], cwd=ROOT, env=env)  # noqa: S603
        print(f"segapp.serve: {name} started (pid {running[name].pid})", flush=True)

    def stop(signum: int, _frame) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for name in commands:
        start(name)
    while not stopping:
        time.sleep(0.5)
        for name, process in list(running.items()):
            if process.poll() is not None and not stopping:
                print(f"segapp.serve: {name} exited ({process.returncode}); restarting", flush=True)
                time.sleep(RESTART_PAUSE_SECONDS)
                start(name)
    for process in running.values():
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
    deadline = time.monotonic() + 15
    for process in running.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["web"]:
        web()
    else:
        sys.exit(supervise())
