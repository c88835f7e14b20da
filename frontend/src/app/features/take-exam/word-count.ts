import { formatCount, plural } from '../../shared/plural';

/**
 * Words as the server counts them (grading.word_count): runs of non-space characters. The
 * essay's limit is advice, never enforced: an answer over it is saved all the same.
 */
export function wordCount(text: string | null | undefined): number {
  const trimmed = (text ?? '').trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/u).length;
}

/** "12 words", "1 word", "120 of 100 words". */
export function wordCountLabel(count: number, limit: number | null): string {
  if (limit === null)
    return plural(count, $localize`:@@question.words:{n, plural, =1 {1 word} other {# words}}`);
  const n = formatCount(count);
  return plural(
    limit,
    $localize`:@@question.wordsOfLimit:{limit, plural, =1 {${n}:count: of 1 word} other {${n}:count: of # words}}`,
  );
}

export function overLimit(count: number, limit: number | null): boolean {
  return limit !== null && count > limit;
}
