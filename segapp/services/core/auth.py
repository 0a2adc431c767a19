"""Passwords, sign-in and browser sessions.

Passwords are hashed with argon2. A browser keeps a random token; the database keeps only its
SHA-256, so a leaked table does not let anyone in.

Failed sign-ins are counted in the database, per user name (whether or not that user exists) and
per client address, so the count is shared by every connection and every backend worker. An
attempt is counted *before* the password is checked (:func:`begin_attempt`), so parallel
attempts cannot all slip in under the same count: past a few failures each answer is delayed,
and past a limit within a window the attempt is refused without checking the password. A
successful sign-in clears its name's count. Unknown and known names cost the same: the same
delay, and one argon2 verification (against a dummy hash for unknown names).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import case, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, delete, select

from ...models import SignInFailure, User, UserSession
from ...models.types import utcnow

SESSION_LIFETIME = timedelta(days=14)
FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 8.0
# Failures allowed per user name and per client address within one window; further attempts
# are refused, without checking the password, until the window ends.
FAILURE_WINDOW = timedelta(minutes=15)
NAME_LIMIT = 10
ADDRESS_LIMIT = 30

_hasher = PasswordHasher()
# Verified against when the user name is unknown, so that both cases cost the same time.
_DUMMY_HASH = _hasher.hash("not a password")


@dataclass(frozen=True)
class SignedInUser:
    id: int
    username: str
    full_name: str
    salesperson_code: str | None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def failure_delay(failed_attempts: int) -> float:
    """Seconds to wait before answering, growing with each failure past the free ones."""
    extra = failed_attempts - FREE_ATTEMPTS
    if extra < 0:
        return 0.0
    return min(0.5 * 2**extra, MAX_DELAY_SECONDS)


def _normal_name(username: str) -> str:
    return username.strip().lower()


def _failure_key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


@dataclass(frozen=True)
class Attempt:
    """A sign-in attempt, already counted as a failure until it succeeds."""

    name_key: str
    address_key: str | None
    delay: float
    locked: bool
    retry_after: timedelta


def _count(session: Session, key: str, now: datetime) -> tuple[int, datetime]:
    """Adds one failure to ``key`` in one atomic statement (a new window when the old one has
    ended) and returns the failures counted in the window, and when the window started."""
    cutoff = now - FAILURE_WINDOW
    table = SignInFailure.__table__
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    expired = table.c.window_start < cutoff
    statement = (
        insert(table)
        .values(key=key, failures=1, window_start=now, last_at=now)
        .on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "failures": case((expired, 1), else_=table.c.failures + 1),
                "window_start": case((expired, now), else_=table.c.window_start),
                "last_at": now,
            },
        )
        .returning(table.c.failures, table.c.window_start)
    )
    failures, window_start = session.execute(statement).one()
    return failures, window_start


def begin_attempt(session: Session, username: str, address: str = "") -> Attempt:
    """Counts an attempt for ``username`` and ``address`` before the password is checked; the
    caller commits this at once (so that parallel attempts see it), waits ``delay`` seconds,
    then calls :func:`sign_in` unless the attempt is ``locked``."""
    now = utcnow()
    session.exec(delete(SignInFailure).where(col(SignInFailure.last_at) < now - FAILURE_WINDOW))
    name_key = _failure_key("name", _normal_name(username))
    name_failures, name_window = _count(session, name_key, now)
    locked = name_failures > NAME_LIMIT
    window_end = name_window + FAILURE_WINDOW
    address_key = _failure_key("address", address) if address else None
    if address_key:
        address_failures, address_window = _count(session, address_key, now)
        if address_failures > ADDRESS_LIMIT:
            locked = True
            window_end = max(window_end, address_window + FAILURE_WINDOW)
    return Attempt(
        name_key=name_key,
        address_key=address_key,
        delay=failure_delay(name_failures - 1),
        locked=locked,
        retry_after=max(window_end - now, timedelta(0)) if locked else timedelta(0),
    )


def pending_failures(session: Session, username: str) -> int:
    """Failures counted for ``username`` in the current window (known name or not)."""
    row = session.get(SignInFailure, _failure_key("name", _normal_name(username)))
    if row is None or row.window_start < utcnow() - FAILURE_WINDOW:
        return 0
    return row.failures


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def sign_in(
    session: Session, username: str, password: str, attempt: Attempt | None = None
) -> str | None:
    """A new session token when the credentials are right, else None.

    Without ``attempt`` (scripts, tests) the attempt is counted here; the sign-in page counts it
    first with :func:`begin_attempt` and commits, then calls this. An unknown or inactive user
    is verified against a dummy hash, so that every failure costs one argon2 verification."""
    if attempt is None:
        attempt = begin_attempt(session, username)
    if attempt.locked:
        return None
    user = session.exec(select(User).where(User.username == _normal_name(username))).first()
    known = user is not None and user.active
    ok = _verify(user.password_hash if known else _DUMMY_HASH, password)
    if not (known and ok):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.add(user)
    session.exec(delete(SignInFailure).where(SignInFailure.key == attempt.name_key))
    if attempt.address_key:
        session.execute(
            update(SignInFailure)
            .where(SignInFailure.key == attempt.address_key)
            .where(col(SignInFailure.failures) > 0)
            .values(failures=col(SignInFailure.failures) - 1)
        )
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        UserSession(
            token_hash=_token_hash(token),
            user_id=user.id,
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    session.exec(delete(UserSession).where(col(UserSession.expires_at) < now))
    return token


def user_for_token(session: Session, token: str) -> SignedInUser | None:
    """The user a browser token belongs to, if the session is still valid."""
    if not token:
        return None
    row = session.exec(
        select(User)
        .join(UserSession, col(UserSession.user_id) == col(User.id))
        .where(UserSession.token_hash == _token_hash(token))
        .where(col(UserSession.expires_at) > utcnow())
        .where(col(User.active).is_(True))
    ).first()
    if row is None:
        return None
    return SignedInUser(row.id, row.username, row.full_name, row.salesperson_code)


def sign_out(session: Session, token: str) -> None:
    if token:
        session.exec(delete(UserSession).where(UserSession.token_hash == _token_hash(token)))
