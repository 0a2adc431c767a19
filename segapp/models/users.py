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
    failed_attempts: int = 0
    last_failed_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    created_at: datetime = timestamp_field()


class UserSession(SQLModel, table=True):
    """A signed-in browser. Only a hash of the token is stored."""

    __tablename__ = "user_session"

    token_hash: str = Field(max_length=64, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True, ondelete="CASCADE")
    created_at: datetime = timestamp_field()
    expires_at: datetime = Field(sa_type=UTCDateTime(), index=True)
