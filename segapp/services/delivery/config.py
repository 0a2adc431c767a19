"""Delivery settings, read from the environment.

``SEGAPP_SMTP_URL`` chooses real SMTP (``smtp://user:pass@host:587?starttls=1``,
``smtps://user:pass@host:465``); without it messages are written as .eml files to the pickup
folder (``SEGAPP_PICKUP_DIR``), which the Outbox page shows."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from ...settings import DATA_DIR

TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    ssl: bool
    starttls: bool
    username: str
    password: str
    timeout: float
    per_minute: int  # messages per minute to this server; 0 = no limit
    local_hostname: str | None = None

    @property
    def label(self) -> str:
        return f"{self.host}:{self.port}"


def parse_smtp_url(url: str) -> SmtpConfig:
    """``smtp://[user[:pass]@]host[:port][?starttls=1&timeout=30&per_minute=600]`` or
    ``smtps://...`` (TLS from the first byte). Port defaults: 25 (smtp) and 465 (smtps)."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError(f"SEGAPP_SMTP_URL must look like smtp://host:port, not {url!r}")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    ssl = parts.scheme == "smtps"
    return SmtpConfig(
        host=parts.hostname,
        port=parts.port or (465 if ssl else 25),
        ssl=ssl,
        starttls=not ssl and query.get("starttls", "0").lower() in TRUE,
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        timeout=float(query.get("timeout", "30")),
        per_minute=int(query.get("per_minute", os.environ.get("SEGAPP_SMTP_PER_MINUTE", "0"))),
    )


@dataclass(frozen=True)
class DeliverySettings:
    smtp: SmtpConfig | None
    pickup_dir: Path
    max_attempts: int  # attempts of one message before it is marked failed
    backoff_seconds: float  # first retry delay; doubled at every attempt
    backoff_max_seconds: float
    lease_seconds: float  # how long a claimed message is reserved for its worker
    batch_size: int  # messages claimed at once


def pickup_dir() -> Path:
    return Path(os.environ.get("SEGAPP_PICKUP_DIR") or DATA_DIR / "outbox")


def settings() -> DeliverySettings:
    url = os.environ.get("SEGAPP_SMTP_URL", "").strip()
    return DeliverySettings(
        smtp=parse_smtp_url(url) if url else None,
        pickup_dir=pickup_dir(),
        max_attempts=int(os.environ.get("SEGAPP_DELIVERY_MAX_ATTEMPTS", "8")),
        backoff_seconds=float(os.environ.get("SEGAPP_DELIVERY_BACKOFF_SECONDS", "30")),
        backoff_max_seconds=float(os.environ.get("SEGAPP_DELIVERY_BACKOFF_MAX_SECONDS", "3600")),
        lease_seconds=float(os.environ.get("SEGAPP_DELIVERY_LEASE_SECONDS", "300")),
        batch_size=int(os.environ.get("SEGAPP_DELIVERY_BATCH", "20")),
    )
