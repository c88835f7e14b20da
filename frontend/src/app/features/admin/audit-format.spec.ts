import { actionLabel, detailLines } from './audit-format';

describe('audit wording', () => {
  it('names known actions and keeps unknown ones', () => {
    expect(actionLabel('user.updated')).toBe('Account changed');
    expect(actionLabel('exam.published')).toBe('Exam published');
    expect(actionLabel('something.new')).toBe('something.new');
  });

  it('spells out the details', () => {
    expect(
      detailLines({ changes: { role: ['student', 'author'], is_active: [true, false] } }),
    ).toEqual(['role: student → author', 'active: yes → no']);
    expect(detailLines({ fields: ['title', 'opens_at'] })).toEqual(['changed: title, opens at']);
    expect(detailLines({ copied_from: 3, title: 'Python' })).toEqual([
      'copied from exam: 3',
      'title: Python',
    ]);
    expect(detailLines({ role: null, tags: ['a', 'b'] })).toEqual(['role: —', 'tags: a, b']);
    expect(detailLines(undefined)).toEqual([]);
  });
});
