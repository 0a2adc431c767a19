"""Create Interaction: wizard action on templates, Interaction Template Setup (Outg. Calls), the
time of an interaction and comments on entries

Existing templates get a blank wizard action (no content step), as in Business Central.

Revision ID: 0004_create_interaction
Revises: 0003_ids_never_reused
Create Date: 2026-12-01

"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import segapp.models.types


revision: str = "0004_create_interaction"
down_revision: str | None = "0003_ids_never_reused"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "interaction_template_setup",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outg_calls", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.ForeignKeyConstraint(
            ["outg_calls"],
            ["interaction_template.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("interaction_template_setup", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interaction_template_setup_outg_calls"), ["outg_calls"], unique=False
        )

    op.create_table(
        "interaction_log_entry_comment",
        sa.Column("entry_no", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("comment", sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("modified_at", segapp.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_no"], ["interaction_log_entry.entry_no"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
        ),
        sa.PrimaryKeyConstraint("entry_no", "line_no"),
    )
    with op.batch_alter_table("interaction_log_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("time_of_interaction", sa.Time(), nullable=True))

    with op.batch_alter_table("interaction_template", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "wizard_action",
                sa.Enum(
                    "", "open", "import", "merge", name="wizardaction", native_enum=False, length=20
                ),
                nullable=False,
                server_default="",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("interaction_template", schema=None) as batch_op:
        batch_op.drop_column("wizard_action")

    with op.batch_alter_table("interaction_log_entry", schema=None) as batch_op:
        batch_op.drop_column("time_of_interaction")

    op.drop_table("interaction_log_entry_comment")
    with op.batch_alter_table("interaction_template_setup", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interaction_template_setup_outg_calls"))

    op.drop_table("interaction_template_setup")
