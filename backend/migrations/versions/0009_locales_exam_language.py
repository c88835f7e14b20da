"""locales: users.locale (the person's language), exams.language (the exam content's language)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 04:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        # NULL: follow the browser's preference.
        batch_op.add_column(sa.Column('locale', sa.String(length=8), nullable=True))
    with op.batch_alter_table('exams', schema=None) as batch_op:
        # Existing exams were written in English (the only interface language until now).
        batch_op.add_column(
            sa.Column('language', sa.String(length=16), server_default='en', nullable=False)
        )


def downgrade():
    # Plain DROP COLUMN (SQLite 3.35+ has it): batch mode would recreate `users`, which other
    # tables' rows reference, and SQLite's foreign keys refuse to drop it.
    op.drop_column('exams', 'language')
    op.drop_column('users', 'locale')
