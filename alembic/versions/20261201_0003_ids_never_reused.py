"""ids never reused on SQLite; a version on segment headers

SQLite gives a deleted row's id to the next row unless the table is AUTOINCREMENT. Tables with
a generated integer id are recreated as AUTOINCREMENT (rows, indexes and constraints kept); on
PostgreSQL, whose sequences never go back, only the version column is added.

Revision ID: 0003_ids_never_reused
Revises: 0002_sign_in_failures
Create Date: 2026-12-01

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_ids_never_reused"
down_revision: str | None = "0002_sign_in_failures"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENERATED_IDS = (
    "app_user",
    "campaign_entry",
    "contact",
    "email_message",
    "interaction_log_entry",
    "letter_values",
    "logged_segment",
    "segment_header",
    "segment_language",
    "segment_line",
    "stored_document",
)


def upgrade() -> None:
    with op.batch_alter_table("segment_header", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in GENERATED_IDS:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ):
            pass


def downgrade() -> None:
    with op.batch_alter_table("segment_header", schema=None) as batch_op:
        batch_op.drop_column("version")
