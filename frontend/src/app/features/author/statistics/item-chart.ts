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
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';

import type { QuestionStat } from '../../../core/api/api-types';
import { coefficient, itemChartSummary, itemPoints, percentOf } from './statistics-data';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

function cssColor(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

/**
 * Facility and discrimination per question as grouped bars on one −1…1 scale. The canvas is an
 * image with a summary as its label; the page's per-question table has the same numbers.
 */
@Component({
  selector: 'app-item-chart',
  template: `
    <div class="chart-box" [style.min-width.px]="minWidth()">
      <canvas #canvas role="img" [attr.aria-label]="summary()"></canvas>
    </div>
  `,
  styles: `
    :host {
      display: block;
      overflow-x: auto;
    }
    .chart-box {
      position: relative;
      height: 280px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ItemChart {
  readonly questions = input.required<QuestionStat[]>();
  protected readonly summary = computed(() => itemChartSummary(this.questions()));
  /** About 36 px per question, so many questions scroll instead of squeezing. */
  protected readonly minWidth = computed(() => Math.max(280, this.questions().length * 36));
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private chart: Chart<'bar', (number | null)[]> | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.chart?.destroy();
      this.chart = null;
    });
    effect(() => {
      const points = itemPoints(this.questions());
      const canvas = this.canvas().nativeElement;
      if (!this.chart) {
        this.chart = this.create(canvas);
      }
      this.chart.data.labels = points.map((p) => p.label);
      this.chart.data.datasets[0].data = points.map((p) => p.facility);
      this.chart.data.datasets[1].data = points.map((p) => p.discrimination);
      this.chart.update();
    });
  }

  private create(canvas: HTMLCanvasElement): Chart<'bar', (number | null)[]> {
    const text = cssColor('--mat-sys-on-surface-variant', '#44474e');
    const grid = cssColor('--mat-sys-outline-variant', '#c4c6d0');
    const facility = cssColor('--mat-sys-primary', '#005cbb');
    const discrimination = cssColor('--mat-sys-tertiary', '#6a5778');
    const rtl = canvas.ownerDocument.documentElement.dir === 'rtl';
    const question = $localize`:@@author.stats.chart.question:Question`;
    return new Chart<'bar', (number | null)[]>(canvas, {
      type: 'bar',
      data: {
        labels: [],
        datasets: [
          {
            label: $localize`:@@author.stats.facility:Facility`,
            data: [],
            backgroundColor: facility,
            borderRadius: 3,
            maxBarThickness: 28,
          },
          {
            label: $localize`:@@author.stats.discrimination:Discrimination`,
            data: [],
            backgroundColor: discrimination,
            borderRadius: 3,
            maxBarThickness: 28,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: true, position: 'top', rtl, labels: { color: text } },
          tooltip: {
            rtl,
            callbacks: {
              title: (items) => items[0]?.label ?? '',
              label: (item) => {
                if (item.datasetIndex === 0) {
                  const value = percentOf(item.raw as number | null);
                  return $localize`:@@author.stats.chart.facilityValue:Facility ${value}:value:`;
                }
                const value = coefficient(item.raw as number | null);
                return $localize`:@@author.stats.chart.discriminationValue:Discrimination ${value}:value:`;
              },
            },
          },
        },
        scales: {
          x: {
            reverse: rtl,
            grid: { display: false },
            ticks: { color: text, maxRotation: 0, autoSkip: true },
            title: { display: true, text: question, color: text },
          },
          y: {
            min: -1,
            max: 1,
            grid: { color: grid },
            ticks: { color: text, stepSize: 0.25 },
            position: rtl ? 'right' : 'left',
            title: {
              display: true,
              text: $localize`:@@author.stats.chart.yAxis:Facility (0–1) · discrimination (−1–1)`,
              color: text,
            },
          },
        },
      },
    });
  }
}
