/** The statistics page's pure parts: labels, number formats, chart data and their text. */
import type {
  ExamStatistics,
  HistogramBucket,
  QuestionStat,
  StatisticsFlag,
} from '../../../core/api/api-types';
import type { Bucket } from '../results/histogram';
import { formatDecimal, formatPercentValue } from '../author-format';

export interface FlagInfo {
  label: string;
  icon: string;
  /** What it means, for a tooltip-free description next to the table. */
  help: string;
  severity: 'warn' | 'error' | 'info';
}

export const FLAG_INFO: Record<StatisticsFlag, FlagInfo> = {
  too_easy: {
    label: $localize`:@@author.stats.flag.tooEasy:Too easy`,
    icon: 'trending_up',
    help: $localize`:@@author.stats.flag.tooEasyHelp:Facility above 95 %: almost everyone got it right.`,
    severity: 'warn',
  },
  too_hard: {
    label: $localize`:@@author.stats.flag.tooHard:Too hard`,
    icon: 'trending_down',
    help: $localize`:@@author.stats.flag.tooHardHelp:Facility below 10 %: almost no one got it right.`,
    severity: 'warn',
  },
  negative_discrimination: {
    label: $localize`:@@author.stats.flag.negative:Negative discrimination`,
    icon: 'swap_vert',
    help: $localize`:@@author.stats.flag.negativeHelp:Weaker students do better on it than stronger ones: check the key and the wording.`,
    severity: 'error',
  },
  insufficient_data: {
    label: $localize`:@@author.stats.flag.insufficient:Not enough data`,
    icon: 'hourglass_empty',
    help: $localize`:@@author.stats.flag.insufficientHelp:Fewer than 2 attempts: no facility or discrimination yet.`,
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
  return formatPercentValue(Math.round(fraction * 1000) / 10, 1);
}

/** A percentage (0..100) as text: 72.456 → "72.5 %". */
export function percentText(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return formatPercentValue(Math.round(value * 10) / 10, 1);
}

/** A coefficient (−1..1) with two decimals and a real minus sign: −0.25 → "−0.25". */
export function coefficient(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const rounded = Math.round(value * 100) / 100;
  const text = formatDecimal(Math.abs(rounded), 2, 2);
  return rounded < 0 ? `−${text}` : text;
}

/** The server's histogram as the score chart's buckets (labels "0–10 %" …). */
export function bucketsFromHistogram(histogram: readonly HistogramBucket[]): Bucket[] {
  return histogram.map((b) => ({
    from: b.from,
    to: b.to,
    label: rangeLabel(b.from, b.to),
    count: b.count,
  }));
}

/** Reliability in words (a common rule of thumb), to read next to alpha. */
export function reliabilityLabel(alpha: number | null): string {
  if (alpha === null) {
    return $localize`:@@author.stats.reliability.none:Not enough data (needs 2 questions and 2 attempts whose totals vary)`;
  }
  if (alpha >= 0.9) return $localize`:@@author.stats.reliability.excellent:Excellent`;
  if (alpha >= 0.8) return $localize`:@@author.stats.reliability.good:Good`;
  if (alpha >= 0.7) return $localize`:@@author.stats.reliability.acceptable:Acceptable`;
  if (alpha >= 0.5) return $localize`:@@author.stats.reliability.poor:Poor`;
  return $localize`:@@author.stats.reliability.unacceptable:Unacceptable`;
}

/** Which coefficient it is: KR-20 when every question is right/wrong, else Cronbach's alpha. */
export function reliabilityName(stats: Pick<ExamStatistics, 'dichotomous'>): string {
  return stats.dichotomous
    ? $localize`:@@author.stats.kr20:KR-20 (Cronbach’s alpha)`
    : $localize`:@@author.stats.alpha:Cronbach’s alpha`;
}

export interface ItemPoint {
  label: string;
  facility: number | null;
  discrimination: number | null;
}

/** One bar pair per question: facility (0..1) and item-rest discrimination (−1..1). */
export function itemPoints(questions: readonly QuestionStat[]): ItemPoint[] {
  return questions.map((q) => ({
    label: $localize`:@@author.stats.qLabel:Q${q.number}:number:`,
    facility: q.facility,
    discrimination: q.discrimination,
  }));
}

/** The item chart in one paragraph, for screen readers (the table has every number). */
export function itemChartSummary(questions: readonly QuestionStat[]): string {
  if (questions.length === 0) {
    return $localize`:@@author.stats.chart.noQuestions:Facility and discrimination per question: no questions.`;
  }
  const measured = questions.filter((q) => q.facility !== null);
  if (measured.length === 0) {
    return $localize`:@@author.stats.chart.notEnough:Facility and discrimination per question: not enough attempts yet.`;
  }
  const parts = questions
    .map((q) => {
      const [n, facility, discrimination] = [
        q.number,
        percentOf(q.facility),
        coefficient(q.discrimination),
      ];
      return $localize`:@@author.stats.chart.part:question ${n}:number:: facility ${facility}:facility:, discrimination ${discrimination}:discrimination:`;
    })
    .join('; ');
  return $localize`:@@author.stats.chart.summary:Facility and discrimination per question: ${parts}:parts:.`;
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
    if (credit >= 1) return $localize`:@@author.import.mark.right:Right`;
    const percent = Math.round(credit * 1000) / 10;
    if (credit > 0)
      return $localize`:@@author.import.mark.partly:Partly right (${percent}:percent: %)`;
    return $localize`:@@author.import.mark.wrong:Wrong`;
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
      a.answer === null || a.answer === ''
        ? $localize`:@@author.stats.emptyAnswer:(empty)`
        : String(a.answer),
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

/** "40–50 %" in the active locale's digits and percent style. */
function rangeLabel(from: number, to: number): string {
  const [low, high] = [formatDecimal(from), formatDecimal(to)];
  return $localize`:@@author.histogram.range:${low}:from:–${high}:to: %`;
}
