"""Files handed to the browser through a download link rather than the websocket (Reflex's
websocket messages are limited to about 1 MB): merged letters, combined documents, archives.

A link carries an unguessable token (256 random bits); only its SHA-256 is kept, next to the
file, with the signed-in browser session it was made for and an expiry time. The file is served
once (the same browser may fetch it again within REUSE_SECONDS), only while that session is
still signed in and the link has not expired.

The caller writes the file where the link says (``path``, a local staging folder), then calls
:func:`publish`. With a shared store (Redis: ``SEGAPP_STORAGE_URL``, else Reflex's own
``REFLEX_REDIS_URL``) publishing moves the file and its link into Redis with the link's
expiry, so that any backend worker on any machine serves it; without one (a single worker) the
file stays in this app's own folder (``SEGAPP_DOWNLOAD_DIR``, default ``.data/downloads``,
which hot reload ignores), where expired ones are swept away.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from ...models import User, UserSession
from ...models.types import utcnow
from ...settings import DATA_DIR

LIFETIME_SECONDS = 15 * 60
REUSE_SECONDS = 30  # after the first request, for the browser's own second fetch
ROUTE = "/_segapp/download/{token}"
COOKIE = "segapp_session"  # the browser session cookie set by the app at sign-in


def cookie_token(cookie_header: str) -> str:
    """The session token in a request's ``Cookie`` header ("" when there is none)."""
    for chunk in (cookie_header or "").split(";"):
        name, _, value = chunk.strip().partition("=")
        if name == COOKIE:
            return value.strip().strip('"')[:200]
    return ""


def folder() -> Path:
    path = Path(os.environ.get("SEGAPP_DOWNLOAD_DIR") or DATA_DIR / "downloads")
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


_STORES: dict[str, Any] = {}


def store() -> Any:
    """The shared store (a Redis client), or None when files stay in the local folder."""
    url = (os.environ.get("SEGAPP_STORAGE_URL") or os.environ.get("REFLEX_REDIS_URL") or "").strip()
    if not url:
        return None
    if url not in _STORES:
        import redis

        _STORES[url] = redis.Redis.from_url(url)
    return _STORES[url]


def _redis_key(key: str) -> str:
    return f"segapp:download:{key}"


def _key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Download:
    token: str
    path: Path  # where the caller writes the file

    @property
    def url_path(self) -> str:
        return ROUTE.format(token=self.token)


def create(auth_token: str, file_name: str, media_type: str) -> Download:
    """A new link for the browser session ``auth_token``; the caller writes the file."""
    sweep()
    token = secrets.token_urlsafe(32)
    key = _key(token)
    meta = {
        "session": _key(auth_token),
        "file_name": file_name,
        "media_type": media_type,
        "expires": time.time() + LIFETIME_SECONDS,
    }
    base = folder()
    (base / f"{key}.json").write_text(json.dumps(meta))
    return Download(token, base / f"{key}.bin")


def publish(link: Download) -> str:
    """Makes the written file servable by every backend worker; returns the link's path."""
    shared = store()
    if shared is None:
        return link.url_path
    key = _key(link.token)
    meta_path = link.path.with_suffix(".json")
    meta = meta_path.read_text()
    content = link.path.read_bytes()
    name = _redis_key(key)
    pipe = shared.pipeline()
    pipe.hset(name, mapping={"meta": meta, "content": content})
    pipe.expire(name, LIFETIME_SECONDS)
    pipe.execute()
    _delete(link.path.parent, key)
    return link.url_path


@dataclass(frozen=True)
class Found:
    path: Path | None  # the file in the local folder, or
    file_name: str
    media_type: str
    content: bytes | None = None  # its content, from the shared store


def resolve(session: Session, token: str, browser_session: str = "") -> Found | None:
    """The file of a valid link asked for by the browser that created it (its session cookie
    ``browser_session``), or None: unknown, expired, another browser, signed out, not written."""
    if not token or len(token) > 100 or not browser_session:
        return None
    key = _key(token)
    shared = store()
    content = None
    base = folder()
    path = base / f"{key}.bin"
    try:
        if shared is not None:
            content = shared.hget(_redis_key(key), "content")
            meta = json.loads(shared.hget(_redis_key(key), "meta") or b"{}")
        else:
            meta = json.loads((base / f"{key}.json").read_text())
    except (OSError, ValueError):
        return None
    if meta.get("expires", 0) < time.time():
        return None
    if content is None if shared is not None else not path.exists():
        return None
    if not hmac.compare_digest(_key(browser_session), str(meta.get("session", ""))):
        return None
    signed_in = session.exec(
        select(func.count())
        .select_from(UserSession)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == meta.get("session"))
        .where(UserSession.expires_at > utcnow())
        .where(User.active)
    ).one()
    if not signed_in:
        return None
    # Served once: the first request starts a short grace period for this same browser (a
    # browser may fetch a download twice: once for the frame, once for its download manager),
    # after which the link is dead and its file deleted.
    now = time.time()
    used = meta.get("used_at")
    if used is None:
        meta["used_at"] = now
        if shared is not None:
            shared.hset(_redis_key(key), "meta", json.dumps(meta))
        else:
            (base / f"{key}.json").write_text(json.dumps(meta))
    elif _dead(meta, now):
        if shared is not None:
            shared.delete(_redis_key(key))
        else:
            _delete(base, key)
        return None
    name, media_type = str(meta.get("file_name") or "download"), str(meta.get("media_type"))
    if shared is not None:
        return Found(None, name, media_type, content)
    return Found(path, name, media_type)


def _delete(base: Path, key: str) -> None:
    (base / f"{key}.json").unlink(missing_ok=True)
    (base / f"{key}.bin").unlink(missing_ok=True)


def _dead(meta: dict, now: float) -> bool:
    used = meta.get("used_at")
    return meta.get("expires", 0) < now or (used is not None and float(used) + REUSE_SECONDS < now)


def sweep() -> None:
    """Deletes the files of expired and used links."""
    now = time.time()
    base = folder()
    for meta_path in base.glob("*.json"):
        try:
            dead = _dead(json.loads(meta_path.read_text()), now)
        except (OSError, ValueError):
            dead = meta_path.stat().st_mtime < now - LIFETIME_SECONDS
        if dead:
            _delete(base, meta_path.stem)
