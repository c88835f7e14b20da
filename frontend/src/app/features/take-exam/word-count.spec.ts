import { overLimit, wordCount, wordCountLabel } from './word-count';

describe('wordCount', () => {
  it.each([
    [null, 0],
    ['', 0],
    ['   \n', 0],
    ['one', 1],
    [' two  words\n', 2],
    ['a\tb\u00a0c', 3],
  ])('counts %j as %i words (as the server does)', (text, words) => {
    expect(wordCount(text)).toBe(words);
  });

  it('labels the count with and without a limit', () => {
    expect(wordCountLabel(1, null)).toBe('1 word');
    expect(wordCountLabel(3, null)).toBe('3 words');
    expect(wordCountLabel(3, 100)).toBe('3 of 100 words');
    expect(overLimit(101, 100)).toBe(true);
    expect(overLimit(100, 100)).toBe(false);
    expect(overLimit(5000, null)).toBe(false);
  });
});
