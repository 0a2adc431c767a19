"""every browser signs in again: sessions move to an HttpOnly cookie

Sessions made before the token moved out of the page's reach (local storage and a cookie set
by script) end here, so that no token a script could have read stays valid.

Revision ID: a7d3e1c90b42
Revises: email01
Create Date: 2026-12-01

"""

from collections.abc import Sequence

from alembic import op

revision: str = "a7d3e1c90b42"
down_revision: str | None = "email01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM user_session")


def downgrade() -> None:
    pass
