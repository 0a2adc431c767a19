"""Passwords, sign-in and browser sessions.

Passwords are hashed with argon2. A browser keeps a random token; the database keeps only its
SHA-256, so a leaked table does not let anyone in. Failed sign-ins are counted per user name and
slow down further attempts.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, col, delete, select

from ...models import MarketingSetup, User, UserSession
from ...models.types import utcnow

SESSION_LIFETIME = timedelta(days=14)
FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 8.0

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


def pending_failures(session: Session, username: str) -> int:
    user = session.exec(select(User).where(User.username == username.strip().lower())).first()
    return user.failed_attempts if user else 0


def sign_in(session: Session, username: str, password: str) -> str | None:
    """A new session token when the credentials are right, else None (and a failure counted)."""
    name = username.strip().lower()
    user = session.exec(select(User).where(User.username == name)).first()
    if user is None or not user.active:
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY_HASH, password or "-")
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        user.failed_attempts += 1
        user.last_failed_at = utcnow()
        session.add(user)
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_attempts = 0
    session.add(user)
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


def demo_credentials(session: Session) -> tuple[str, str] | None:
    """The demo user's name and password, only when the demo data is loaded."""
    setup = session.get(MarketingSetup, 1)
    if setup is None or not setup.demo_data:
        return None
    from ...demo import DEMO_PASSWORD, DEMO_USERNAME

    return DEMO_USERNAME, DEMO_PASSWORD
