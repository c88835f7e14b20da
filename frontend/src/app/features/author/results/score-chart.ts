import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  computed,
  effect,
  inject,
  input,
  viewChild,
} from '@angular/core';
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';

import { type Bucket, histogramSummary } from './histogram';

// Only what a bar chart needs (keeps the bundle small). Chart.js draws on a canvas: no inline
// scripts, no styles from elsewhere, so it runs under the app's Content-Security-Policy.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

function cssColor(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

/**
 * The score distribution as a bar chart, with its text alternatives: the canvas is an image
 * labelled with a one-sentence summary, and the same numbers are available as a table.
 */
@Component({
  selector: 'app-score-chart',
  template: `
    <div class="chart-box">
      <canvas #canvas role="img" [attr.aria-label]="summary()"></canvas>
    </div>
    <details class="as-table">
      <summary i18n="@@author.chart.asTable">Show the distribution as a table</summary>
      <table>
        <caption class="visually-hidden" i18n="@@author.chart.caption">
          Attempts per score range
        </caption>
        <thead>
          <tr>
            <th scope="col" i18n="@@author.chart.score">Score</th>
            <th scope="col" i18n="@@author.chart.attempts">Attempts</th>
          </tr>
        </thead>
        <tbody>
          @for (b of buckets(); track b.from) {
            <tr>
              <th scope="row">{{ b.label }}</th>
              <td>{{ b.count }}</td>
            </tr>
          }
        </tbody>
      </table>
    </details>
  `,
  styles: `
    :host {
      display: block;
    }
    .chart-box {
      position: relative;
      height: 260px;
    }
    .as-table {
      margin-top: 8px;
      font: var(--mat-sys-body-medium);
    }
    summary {
      cursor: pointer;
      color: var(--mat-sys-primary);
    }
    table {
      margin-top: 8px;
      border-collapse: collapse;
    }
    th,
    td {
      padding: 4px 16px 4px 0;
      text-align: left;
      font-weight: 400;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    thead th {
      font-weight: 500;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ScoreChart {
  readonly buckets = input.required<Bucket[]>();
  protected readonly summary = computed(() => histogramSummary(this.buckets()));
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private chart: Chart<'bar'> | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.chart?.destroy();
      this.chart = null;
    });
    effect(() => {
      const buckets = this.buckets();
      const canvas = this.canvas().nativeElement;
      if (!this.chart) {
        this.chart = this.create(canvas, buckets);
      } else {
        this.chart.data.labels = buckets.map((b) => b.label);
        this.chart.data.datasets[0].data = buckets.map((b) => b.count);
        this.chart.update();
      }
    });
  }

  private create(canvas: HTMLCanvasElement, buckets: Bucket[]): Chart<'bar'> {
    const text = cssColor('--mat-sys-on-surface-variant', '#44474e');
    const grid = cssColor('--mat-sys-outline-variant', '#c4c6d0');
    const bar = cssColor('--mat-sys-primary', '#005cbb');
    // Right to left: the scores run from the right, as the page reads.
    const rtl = canvas.ownerDocument.documentElement.dir === 'rtl';
    const attempts = $localize`:@@author.chart.attempts:Attempts`;
    const score = $localize`:@@author.chart.score:Score`;
    return new Chart(canvas, {
      type: 'bar',
      data: {
        labels: buckets.map((b) => b.label),
        datasets: [
          {
            label: attempts,
            data: buckets.map((b) => b.count),
            backgroundColor: bar,
            borderRadius: 4,
            maxBarThickness: 48,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        // No animation: nothing moves for people who prefer less motion, and screenshots are exact.
        animation: false,
        plugins: {
          legend: { display: false, rtl },
          tooltip: {
            rtl,
            callbacks: {
              title: (items) => {
                const range = items[0]?.label ?? '';
                return $localize`:@@author.chart.tooltipTitle:Score ${range}:range:`;
              },
              label: (item) => {
                const n = item.formattedValue;
                return item.raw === 1
                  ? $localize`:@@author.chart.tooltip1:${n}:count: attempt`
                  : $localize`:@@author.chart.tooltip:${n}:count: attempts`;
              },
            },
          },
        },
        scales: {
          x: {
            reverse: rtl,
            grid: { display: false },
            ticks: { color: text, maxRotation: 0, autoSkip: true },
            title: { display: true, text: score, color: text },
          },
          y: {
            beginAtZero: true,
            grid: { color: grid },
            ticks: { color: text, precision: 0 },
            position: rtl ? 'right' : 'left',
            title: { display: true, text: attempts, color: text },
          },
        },
      },
    });
  }
}
