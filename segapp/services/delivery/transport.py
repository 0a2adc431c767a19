"""Where messages go: an SMTP server (one connection kept open for a batch, timeouts, STARTTLS
or TLS, authentication, a per-server rate limit), or the local pickup folder of standard .eml
files that the Outbox page shows."""

from __future__ import annotations

import contextlib
import os
import smtplib
import ssl
import tempfile
import threading
import time
from pathlib import Path
from typing import Protocol

from .config import DeliverySettings, SmtpConfig
from .errors import DeliveryError, classify
from .message import Built


class Transport(Protocol):
    label: str

    def send(self, built: Built) -> None: ...

    def close(self) -> None: ...


class RateLimit:
    """At most ``per_minute`` messages a minute, spaced evenly (0 = no limit)."""

    def __init__(self, per_minute: int, clock=time.monotonic, sleep=time.sleep) -> None:
        self.interval = 60.0 / per_minute if per_minute > 0 else 0.0
        self._next = 0.0
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self.interval:
            return
        with self._lock:
            now = self._clock()
            if now < self._next:
                self._sleep(self._next - now)
                now = self._next
            self._next = now + self.interval


class SmtpTransport:
    def __init__(self, config: SmtpConfig) -> None:
        self.config = config
        self.label = config.label
        self.rate = RateLimit(config.per_minute)
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        c = self.config
        try:
            if c.ssl:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    c.host, c.port, timeout=c.timeout, context=ssl.create_default_context()
                )
            else:
                smtp = smtplib.SMTP(c.host, c.port, timeout=c.timeout)
                if c.starttls:
                    smtp.starttls(context=ssl.create_default_context())
            if c.username:
                smtp.login(c.username, c.password)
        except Exception as exc:
            raise self._connection_error(exc) from None
        return smtp

    def _connection_error(self, exc: BaseException) -> DeliveryError:
        error = classify(exc, self.label)
        # nothing of the message was said yet: whatever the code, the server is the problem
        return DeliveryError(error.text, permanent=False, connection=True)

    def send(self, built: Built) -> None:
        self.rate.wait()
        for attempt in (1, 2):
            if self._smtp is None:
                self._smtp = self._connect()
            try:
                refused = self._smtp.sendmail(built.sender, [built.recipient], built.as_bytes())
            except smtplib.SMTPServerDisconnected as exc:
                # a kept connection the server dropped: one fresh connection, then give up
                self._drop()
                if attempt == 2:
                    raise classify(exc, self.label) from None
                continue
            except Exception as exc:
                error = classify(exc, self.label)
                if error.connection:
                    self._drop()
                else:
                    self._reset()
                raise error from None
            if refused:
                code, answer = next(iter(refused.values()))
                raise classify(smtplib.SMTPRecipientsRefused({built.recipient: (code, answer)}))
            return

    def _reset(self) -> None:
        try:
            if self._smtp is not None:
                self._smtp.rset()
        except Exception:
            self._drop()

    def _drop(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            with contextlib.suppress(Exception):
                smtp.close()

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except Exception:
                smtp.close()


def eml_name(built: Built) -> str:
    """The pickup file of a message, named after its Message-ID: a repeat overwrites it."""
    core = built.message_id.strip("<>").split("@", 1)[0]
    return "".join(ch if ch.isalnum() or ch in ".-" else "_" for ch in core) + ".eml"


class PickupTransport:
    """Writes each message as a standard .eml file (written to a temporary name, then renamed,
    so a reader never sees half a file)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.label = str(folder)

    def send(self, built: Built) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            target = self.folder / eml_name(built)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
            with os.fdopen(fd, "wb") as out:
                out.write(built.as_bytes())
            os.replace(tmp, target)
        except OSError as exc:
            raise DeliveryError(
                f"Cannot write to the outbox folder {self.folder}: {exc.strerror or exc}",
                permanent=False,
                connection=True,
            ) from None

    def close(self) -> None:
        return None


def transport_for(settings: DeliverySettings) -> Transport:
    if settings.smtp is not None:
        return SmtpTransport(settings.smtp)
    return PickupTransport(settings.pickup_dir)
