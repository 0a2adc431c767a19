"""Users who sign in, and their browser sessions."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from .types import UTCDateTime, ref_field, text_field, timestamp_field


class User(SQLModel, table=True):
    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=50, unique=True, index=True)
    full_name: str = text_field(100)
    password_hash: str = Field(max_length=255)
    salesperson_code: str | None = ref_field("salesperson.code")
    language_code: str = text_field(10)
    active: bool = True
    created_at: datetime = timestamp_field()


class UserSession(SQLModel, table=True):
    """A signed-in browser. Only a hash of the token is stored."""

    __tablename__ = "user_session"

    token_hash: str = Field(max_length=64, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True, ondelete="CASCADE")
    created_at: datetime = timestamp_field()
    expires_at: datetime = Field(sa_type=UTCDateTime(), index=True)


class SignInFailure(SQLModel, table=True):
    """Failed sign-ins counted per user name and per client address, shared by every backend
    worker. ``key`` is a SHA-256 of ``name:<user name>`` or ``address:<client address>``, so
    that names typed by mistake or by an attacker are not kept in clear."""

    __tablename__ = "sign_in_failure"

    key: str = Field(max_length=64, primary_key=True)
    failures: int = 0
    window_start: datetime = Field(sa_type=UTCDateTime())
    last_at: datetime = Field(sa_type=UTCDateTime(), index=True)
