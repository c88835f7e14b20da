"""question types essay, matching, ordering, cloze; manual grading

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 20:10:37

Questions: the four new types in the type CHECK, an essay's word limit, an ordering question's
credit rule, a cloze question's gaps (JSON); alternatives: a matching item's answer and a cloze
alternative's gap. Responses: the answers of the new shapes (JSON), who graded by hand, when,
and the comment. Attempts: how many answers still wait for a person.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

OLD_TYPES = "'single', 'multiple', 'true_false', 'short_answer', 'numeric'"
NEW_TYPES = OLD_TYPES + ", 'essay', 'matching', 'ordering', 'cloze'"


def upgrade():
    with op.batch_alter_table('alternatives', schema=None) as batch_op:
        batch_op.add_column(sa.Column('match', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('gap', sa.Integer(), nullable=False, server_default='0'))

    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('awaiting_grading', sa.Integer(), nullable=False, server_default='0')
        )

    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_questions_type'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_questions_type'), f"type IN ({NEW_TYPES})")
        batch_op.add_column(sa.Column('word_limit', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('ordering_credit', sa.Enum('whole', 'per_item', name='ordering_credit', native_enum=False, create_constraint=True, length=16), nullable=False, server_default='whole'))
        batch_op.add_column(sa.Column('gaps', sa.JSON(), nullable=False, server_default='[]'))

    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pairs', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('ordered_ids', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('gaps', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('graded_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('graded_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('grader_comment', sa.Text(), nullable=False, server_default=''))
        batch_op.create_foreign_key(batch_op.f('fk_responses_graded_by_id_users'), 'users', ['graded_by_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_responses_graded_by_id'), ['graded_by_id'], unique=False)


def downgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_responses_graded_by_id'))
        batch_op.drop_constraint(batch_op.f('fk_responses_graded_by_id_users'), type_='foreignkey')
        batch_op.drop_column('grader_comment')
        batch_op.drop_column('graded_at')
        batch_op.drop_column('graded_by_id')
        batch_op.drop_column('gaps')
        batch_op.drop_column('ordered_ids')
        batch_op.drop_column('pairs')

    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_column('gaps')
        batch_op.drop_column('ordering_credit')
        batch_op.drop_column('word_limit')
        batch_op.drop_constraint(batch_op.f('ck_questions_type'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_questions_type'), f"type IN ({OLD_TYPES})")

    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_column('awaiting_grading')

    with op.batch_alter_table('alternatives', schema=None) as batch_op:
        batch_op.drop_column('gap')
        batch_op.drop_column('match')
