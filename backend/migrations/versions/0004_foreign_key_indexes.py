"""indexes for the foreign keys that deletes check

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 22:30:00

Deleting a question (of a draft exam) makes PostgreSQL check responses.question_id, and purging
expired refresh tokens checks refresh_tokens.replaced_by_id once per deleted row: without an
index each check scans the whole table (every response ever saved; every token). Found with
bench/explain.py and EXPLAIN of the foreign-key checks; the exam-day queries were already
served by indexes.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_responses_question_id'), ['question_id'], unique=False)

    with op.batch_alter_table('refresh_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refresh_tokens_replaced_by_id'), ['replaced_by_id'], unique=False)


def downgrade():
    with op.batch_alter_table('refresh_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refresh_tokens_replaced_by_id'))

    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_responses_question_id'))
