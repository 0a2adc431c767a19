"""Column types and field helpers shared by every table."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field


class UTCDateTime(sa.types.TypeDecorator):
    """A timezone-aware UTC timestamp on every database.

    PostgreSQL keeps the offset; SQLite does not, so values read back are marked UTC again.
    Naive values are refused rather than guessed.
    """

    impl = sa.DateTime
    cache_ok = True

    def __init__(self, timezone: bool = True) -> None:
        super().__init__(timezone=True)

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store timezone-aware UTC values")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def code_field(length: int = 20, **kwargs: Any) -> Any:
    """A Business Central code column (upper-case key text)."""
    kwargs.setdefault("default", "")
    return Field(max_length=length, **kwargs)


def text_field(length: int = 100, **kwargs: Any) -> Any:
    """A free text column that defaults to blank."""
    kwargs.setdefault("default", "")
    return Field(max_length=length, **kwargs)


def ref_field(target: str, length: int = 20, **kwargs: Any) -> Any:
    """An optional reference to a coded table (NULL when blank)."""
    return Field(
        default=None,
        max_length=length,
        foreign_key=target,
        index=kwargs.pop("index", True),
        nullable=True,
        **kwargs,
    )


def money_field(**kwargs: Any) -> Any:
    """An amount in local currency, kept as Decimal."""
    return Field(default=Decimal("0"), sa_type=sa.Numeric(18, 2), **kwargs)


def enum_field(enum: type[Enum], default: Enum, **kwargs: Any) -> Any:
    """An enumeration stored as its string value (no native database enum type)."""
    return Field(
        default=default,
        sa_type=sa.Enum(
            enum,
            native_enum=False,
            create_constraint=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
            validate_strings=True,
        ),
        **kwargs,
    )


def timestamp_field(**kwargs: Any) -> Any:
    """A creation or modification time, timezone-aware UTC."""
    return Field(default_factory=utcnow, sa_type=UTCDateTime(), **kwargs)
