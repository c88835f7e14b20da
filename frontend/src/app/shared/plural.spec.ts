import { formatCount, plural } from './plural';

const QUESTIONS = '{count, plural, =1 {# question} other {# questions}}';
const AR =
  '{count, plural, =0 {لا أسئلة} =1 {سؤال واحد} =2 {سؤالان} few {# أسئلة} many {# سؤالًا} other {# سؤال}}';

describe('plural', () => {
  it('picks the exact case, then the plural category', () => {
    expect(plural(1, QUESTIONS, 'en')).toBe('1 question');
    expect(plural(3, QUESTIONS, 'en')).toBe('3 questions');
    expect(plural(1234, QUESTIONS, 'en')).toBe('1,234 questions');
  });

  it("follows the locale's rules and number format", () => {
    expect(plural(2, AR, 'ar')).toBe('سؤالان');
    expect(plural(5, AR, 'ar')).toBe('5 أسئلة');
    expect(plural(11, AR, 'ar')).toBe('11 سؤالًا');
    expect(plural(100, AR, 'ar')).toBe('100 سؤال');
    expect(plural(1.5, '{n, plural, one {# punto} other {# puntos}}', 'es')).toBe('1,5 puntos');
  });

  it('keeps the text around the ICU and leaves plain text alone', () => {
    expect(plural(2, 'Found: {n, plural, other {# exams}}.', 'en')).toBe('Found: 2 exams.');
    expect(plural(2, 'No plural here', 'en')).toBe('No plural here');
  });

  it('formats counts for the locale', () => {
    expect(formatCount(2.345, 'es')).toBe('2,35');
    expect(formatCount(2, 'en')).toBe('2');
  });
});
