import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';

import type { ExamSummary } from '../../core/api/api-types';
import { POINTS, QUESTIONS, timeLimitLabel, windowState } from '../../shared/exam-format';
import { plural } from '../../shared/plural';

/** One exam in the catalogue. */
@Component({
  selector: 'app-exam-card',
  imports: [DatePipe, MatButtonModule, MatCardModule, MatIconModule, RouterLink],
  templateUrl: './exam-card.html',
  styleUrl: './exam-card.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExamCard {
  readonly exam = input.required<ExamSummary>();

  protected readonly timeLimit = computed(() => timeLimitLabel(this.exam().time_limit_minutes));
  protected readonly questions = computed(() => plural(this.exam().question_count, QUESTIONS));
  protected readonly points = computed(() => plural(this.exam().total_points, POINTS));
  protected readonly detailsLabel = computed(() => {
    const title = this.exam().title;
    return $localize`:@@examCard.detailsOf:View details of ${title}:title:`;
  });
  protected readonly window = computed(() => windowState(this.exam()));
}
