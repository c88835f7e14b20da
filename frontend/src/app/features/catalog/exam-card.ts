import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';

import type { ExamSummary } from '../../core/api/api-types';
import { countLabel, timeLimitLabel, windowState } from '../../shared/exam-format';

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
  protected readonly questions = computed(() => countLabel(this.exam().question_count, 'question'));
  protected readonly points = computed(() => countLabel(this.exam().total_points, 'point'));
  protected readonly window = computed(() => windowState(this.exam()));
}
