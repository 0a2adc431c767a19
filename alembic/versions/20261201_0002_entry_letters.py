"""entry letters: the frozen document and merge values of each logged letter

Revision ID: 0002_entry_letters
Revises: 0001
Create Date: 2026-12-01

"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002_entry_letters"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "letter_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("merge_values", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "entry_letter",
        sa.Column("entry_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("shared_values_id", sa.Integer(), nullable=True),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
        sa.Column("language_code", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("merge_values", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_no"], ["interaction_log_entry.entry_no"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["document_id"], ["stored_document.id"]),
        sa.ForeignKeyConstraint(["shared_values_id"], ["letter_values.id"]),
        sa.PrimaryKeyConstraint("entry_no"),
    )
    with op.batch_alter_table("entry_letter", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_entry_letter_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_entry_letter_shared_values_id"), ["shared_values_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("entry_letter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entry_letter_shared_values_id"))
        batch_op.drop_index(batch_op.f("ix_entry_letter_document_id"))
    op.drop_table("entry_letter")
    op.drop_table("letter_values")
