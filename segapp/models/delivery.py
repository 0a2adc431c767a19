"""The e-mail outbox: one row per message to deliver (bc-reference.md sections 8.1, 8.3, 8.6).

A row is written in the same transaction as the interaction log entry it delivers, so a log
that rolls back queues nothing and a committed one is always delivered. Workers claim rows
with a lease (``lease_until``); a worker that dies leaves its rows to be claimed again once the
lease has run out."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, enum_field, text_field, timestamp_field


class OutboxStatus(StrEnum):
    PENDING = "pending"  # waiting for its (next) attempt
    SENDING = "sending"  # claimed by a worker until lease_until
    SENT = "sent"  # accepted by the SMTP server (or written to the pickup folder)
    FAILED = "failed"  # permanent failure, or no attempt left


class EmailMessage(SQLModel, table=True):
    __tablename__ = "email_message"
    __table_args__ = (sa.Index("ix_email_message_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    entry_no: int = Field(
        foreign_key="interaction_log_entry.entry_no", index=True, ondelete="CASCADE"
    )
    status: OutboxStatus = enum_field(OutboxStatus, OutboxStatus.PENDING)
    attempts: int = 0
    next_attempt_at: dt.datetime = timestamp_field()
    lease_until: dt.datetime | None = Field(default=None, sa_type=UTCDateTime())
    worker: str = text_field(100)
    message_id: str = text_field(250)
    recipient: str = text_field(250)
    last_error: str = Field(default="", sa_type=sa.Text())
    eml: bytes | None = Field(default=None, sa_type=sa.LargeBinary())
    created_at: dt.datetime = timestamp_field()
    sent_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime())
