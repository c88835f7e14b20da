/** The statistics page's pure parts: labels, number formats, chart data and their text. */
import type {
  ExamStatistics,
  HistogramBucket,
  QuestionStat,
  StatisticsFlag,
} from '../../../core/api/api-types';
import type { Bucket } from '../results/histogram';

export interface FlagInfo {
  label: string;
  icon: string;
  /** What it means, for a tooltip-free description next to the table. */
  help: string;
  severity: 'warn' | 'error' | 'info';
}

export const FLAG_INFO: Record<StatisticsFlag, FlagInfo> = {
  too_easy: {
    label: 'Too easy',
    icon: 'trending_up',
    help: 'Facility above 95 %: almost everyone got it right.',
    severity: 'warn',
  },
  too_hard: {
    label: 'Too hard',
    icon: 'trending_down',
    help: 'Facility below 10 %: almost no one got it right.',
    severity: 'warn',
  },
  negative_discrimination: {
    label: 'Negative discrimination',
    icon: 'swap_vert',
    help: 'Weaker students do better on it than stronger ones: check the key and the wording.',
    severity: 'error',
  },
  insufficient_data: {
    label: 'Not enough data',
    icon: 'hourglass_empty',
    help: 'Fewer than 2 attempts: no facility or discrimination yet.',
    severity: 'info',
  },
};

/** Flags in a fixed order (most serious first), unknown ones dropped. */
export function flagList(flags: readonly string[]): (FlagInfo & { flag: StatisticsFlag })[] {
  const order: StatisticsFlag[] = [
    'negative_discrimination',
    'too_hard',
    'too_easy',
    'insufficient_data',
  ];
  return order.filter((f) => flags.includes(f)).map((flag) => ({ flag, ...FLAG_INFO[flag] }));
}

/** A fraction (0..1) as a percentage: 0.8571 → "85.7 %"; null → "—". */
export function percentOf(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  return `${Math.round(fraction * 1000) / 10} %`;
}

/** A percentage (0..100) as text: 72.456 → "72.5 %". */
export function percentText(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${Math.round(value * 10) / 10} %`;
}

/** A coefficient (−1..1) with two decimals and a real minus sign: −0.25 → "−0.25". */
export function coefficient(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const text = (Math.round(value * 100) / 100).toFixed(2);
  return text.startsWith('-') ? `−${text.slice(1)}` : text;
}

/** The server's histogram as the score chart's buckets (labels "0–10 %" …). */
export function bucketsFromHistogram(histogram: readonly HistogramBucket[]): Bucket[] {
  return histogram.map((b) => ({
    from: b.from,
    to: b.to,
    label: `${b.from}–${b.to} %`,
    count: b.count,
  }));
}

/** Reliability in words (a common rule of thumb), to read next to alpha. */
export function reliabilityLabel(alpha: number | null): string {
  if (alpha === null) return 'Not enough data (needs 2 questions and 2 attempts whose totals vary)';
  if (alpha >= 0.9) return 'Excellent';
  if (alpha >= 0.8) return 'Good';
  if (alpha >= 0.7) return 'Acceptable';
  if (alpha >= 0.5) return 'Poor';
  return 'Unacceptable';
}

/** Which coefficient it is: KR-20 when every question is right/wrong, else Cronbach's alpha. */
export function reliabilityName(stats: Pick<ExamStatistics, 'dichotomous'>): string {
  return stats.dichotomous ? 'KR-20 (Cronbach’s alpha)' : 'Cronbach’s alpha';
}

export interface ItemPoint {
  label: string;
  facility: number | null;
  discrimination: number | null;
}

/** One bar pair per question: facility (0..1) and item-rest discrimination (−1..1). */
export function itemPoints(questions: readonly QuestionStat[]): ItemPoint[] {
  return questions.map((q) => ({
    label: `Q${q.number}`,
    facility: q.facility,
    discrimination: q.discrimination,
  }));
}

/** The item chart in one paragraph, for screen readers (the table has every number). */
export function itemChartSummary(questions: readonly QuestionStat[]): string {
  if (questions.length === 0) return 'Facility and discrimination per question: no questions.';
  const measured = questions.filter((q) => q.facility !== null);
  if (measured.length === 0) {
    return 'Facility and discrimination per question: not enough attempts yet.';
  }
  const parts = questions.map(
    (q) =>
      `question ${q.number}: facility ${percentOf(q.facility)}, discrimination ${coefficient(q.discrimination)}`,
  );
  return `Facility and discrimination per question: ${parts.join('; ')}.`;
}

export interface ChoiceRow {
  label: string;
  count: number;
  share: string;
  /** 0..100, for the bar's width. */
  width: number;
  /** "Right", "Partly right (50 %)", "Wrong"; null when the answer has no known credit. */
  verdict: string | null;
  right: boolean;
}

/** How often each alternative (choice types) or answer (short answer, numeric) was given. */
export function choiceRows(
  q: Pick<QuestionStat, 'alternatives' | 'answers'> & Partial<Pick<QuestionStat, 'parts'>>,
): ChoiceRow[] {
  const verdict = (credit: number | null | undefined): string | null => {
    if (credit === null || credit === undefined) return null;
    if (credit >= 1) return 'Right';
    if (credit > 0) return `Partly right (${Math.round(credit * 1000) / 10} %)`;
    return 'Wrong';
  };
  const row = (label: string, count: number, share: number | null, credit: number | null) => ({
    label,
    count,
    share: percentOf(share),
    width: share === null ? 0 : Math.max(0, Math.min(100, share * 100)),
    verdict: verdict(credit),
    right: (credit ?? 0) > 0,
  });
  if (q.alternatives) {
    return q.alternatives.map((a) => row(a.text, a.count, a.share, a.credit));
  }
  if (q.parts) {
    // Matching and ordering items, cloze gaps: how many attempts got each one right.
    return q.parts.map((p) => row(p.text, p.correct, p.share, null));
  }
  return (q.answers ?? []).map((a) =>
    row(
      a.answer === null || a.answer === '' ? '(empty)' : String(a.answer),
      a.count,
      a.share,
      a.credit,
    ),
  );
}

/** "3 flagged questions" for the heading; counts questions with any flag but "not enough data". */
export function flaggedCount(questions: readonly QuestionStat[]): number {
  return questions.filter((q) => q.flags.some((f) => f !== 'insufficient_data')).length;
}
