import { safeReturnUrl } from './return-url';

describe('safeReturnUrl', () => {
  it.each([
    ['/exams/3', '/exams/3'],
    ['/my-results?page=2', '/my-results?page=2'],
    [undefined, '/exams'],
    ['', '/exams'],
    ['https://evil.example/', '/exams'],
    ['//evil.example/x', '/exams'],
    ['/\\evil.example', '/exams'],
    ['javascript:alert(1)', '/exams'],
    ['/sign-in?returnUrl=/x', '/exams'],
    ['/register', '/exams'],
  ])('%s → %s', (input, expected) => {
    expect(safeReturnUrl(input)).toBe(expected);
  });
});
