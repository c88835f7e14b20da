import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';

import type { CourseDetail } from '../../core/api/course-types';
import { countLabel, timeLimitLabel } from '../../shared/exam-format';
import { StatusChip } from '../../shared/status-chip';

/** The course's exams (only its students may take them), and a new one in this course. */
@Component({
  selector: 'app-course-exams',
  imports: [DatePipe, RouterLink, MatButtonModule, MatIconModule, StatusChip],
  template: `
    @let c = course();
    <div class="tab-body">
      <div class="toolbar">
        <p class="muted">
          Only the course's students see these exams; anyone else gets “not found”.
        </p>
        @if (!c.archived) {
          <a mat-flat-button routerLink="/author/exams/new" [queryParams]="{ course: c.id }">
            <mat-icon>add</mat-icon>
            New exam in this course
          </a>
        }
      </div>
      @if (c.exams.length === 0) {
        <section class="state-panel">
          <mat-icon class="state-icon" aria-hidden="true">quiz</mat-icon>
          <h2>No exams in this course yet</h2>
          <p>Create one here, or move an exam into the course from its settings.</p>
        </section>
      } @else {
        <div class="table-wrap">
          <table class="data-table">
            <caption class="visually-hidden">
              Exams of
              {{
                c.name
              }}
            </caption>
            <thead>
              <tr>
                <th scope="col">Exam</th>
                <th scope="col">Status</th>
                <th scope="col">Opens</th>
                <th scope="col">Closes</th>
                <th scope="col">Time limit</th>
                <th scope="col">Questions</th>
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              @for (exam of c.exams; track exam.id) {
                <tr>
                  <th scope="row">
                    <a [routerLink]="['/author/exams', exam.id]">{{ exam.title }}</a>
                  </th>
                  <td><app-status-chip [status]="exam.status" /></td>
                  <td class="numeric">{{ (exam.opens_at | date: 'd MMM y, HH:mm') ?? '—' }}</td>
                  <td class="numeric">{{ (exam.closes_at | date: 'd MMM y, HH:mm') ?? '—' }}</td>
                  <td>{{ timeLimitLabel(exam.time_limit_minutes) }}</td>
                  <td class="numeric">{{ countLabel(exam.question_count, 'question') }}</td>
                  <td class="actions">
                    @if (exam.status === 'published') {
                      <a
                        mat-button
                        [routerLink]="['/author/exams', exam.id, 'live']"
                        [attr.aria-label]="'Live view of ' + exam.title"
                      >
                        <mat-icon>monitor_heart</mat-icon>
                        Live view
                      </a>
                    }
                    <a
                      mat-button
                      [routerLink]="['/author/exams', exam.id, 'results']"
                      [attr.aria-label]="'Results of ' + exam.title"
                    >
                      Results
                    </a>
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    </div>
  `,
  styleUrl: './course-tab.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CourseExams {
  readonly course = input.required<CourseDetail>();
  protected readonly countLabel = countLabel;
  protected readonly timeLimitLabel = timeLimitLabel;
}
