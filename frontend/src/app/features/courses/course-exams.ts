import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';

import type { CourseDetail } from '../../core/api/course-types';
import { StatusChip } from '../../shared/status-chip';
import { authorTimeLimit } from '../author/author-format';

/** The course's exams (only its students may take them), and a new one in this course. */
@Component({
  selector: 'app-course-exams',
  imports: [DatePipe, RouterLink, MatButtonModule, MatIconModule, StatusChip],
  template: `
    @let c = course();
    <div class="tab-body">
      <div class="toolbar">
        <p class="muted" i18n="@@author.courses.exams.intro">
          Only the course's students see these exams; anyone else gets “not found”.
        </p>
        @if (!c.archived) {
          <a mat-flat-button routerLink="/author/exams/new" [queryParams]="{ course: c.id }">
            <mat-icon>add</mat-icon>
            <ng-container i18n="@@author.courses.exams.new">New exam in this course</ng-container>
          </a>
        }
      </div>
      @if (c.exams.length === 0) {
        <section class="state-panel">
          <mat-icon class="state-icon" aria-hidden="true">quiz</mat-icon>
          <h2 i18n="@@author.courses.exams.none">No exams in this course yet</h2>
          <p i18n="@@author.courses.exams.noneHint">
            Create one here, or move an exam into the course from its settings.
          </p>
        </section>
      } @else {
        <div class="table-wrap">
          <table class="data-table">
            <caption class="visually-hidden" i18n="@@author.courses.exams.caption">
              Exams of
              {{
                c.name
              }}
            </caption>
            <thead>
              <tr>
                <th scope="col" i18n="@@author.courses.exams.col.exam">Exam</th>
                <th scope="col" i18n="@@author.courses.exams.col.status">Status</th>
                <th scope="col" i18n="@@author.courses.exams.col.opens">Opens</th>
                <th scope="col" i18n="@@author.courses.exams.col.closes">Closes</th>
                <th scope="col" i18n="@@author.courses.exams.col.timeLimit">Time limit</th>
                <th scope="col" i18n="@@author.courses.exams.col.questions">Questions</th>
                <th scope="col">
                  <span class="visually-hidden" i18n="@@author.common.actions">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              @for (exam of c.exams; track exam.id) {
                <tr>
                  <th scope="row">
                    <a [routerLink]="['/author/exams', exam.id]">{{ exam.title }}</a>
                  </th>
                  <td><app-status-chip [status]="exam.status" /></td>
                  <td class="numeric">{{ (exam.opens_at | date: 'medium') ?? '—' }}</td>
                  <td class="numeric">{{ (exam.closes_at | date: 'medium') ?? '—' }}</td>
                  <td>{{ timeLimit(exam.time_limit_minutes) }}</td>
                  <td class="numeric">
                    <ng-container
                      i18n="@@author.courses.exams.questionCount"
                      >{exam.question_count, plural,
                        =1 {1 question}
                        other {{{ exam.question_count }} questions}
                      }</ng-container
                    >
                  </td>
                  <td class="actions">
                    @if (exam.status === 'published') {
                      <a
                        mat-button
                        [routerLink]="['/author/exams', exam.id, 'live']"
                        [attr.aria-label]="liveOf(exam.title)"
                      >
                        <mat-icon>monitor_heart</mat-icon>
                        <ng-container i18n="@@author.courses.exams.live">Live view</ng-container>
                      </a>
                    }
                    <a
                      mat-button
                      [routerLink]="['/author/exams', exam.id, 'results']"
                      [attr.aria-label]="resultsOf(exam.title)"
                      i18n="@@author.courses.exams.results"
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
  protected readonly timeLimit = authorTimeLimit;

  protected liveOf(title: string): string {
    return $localize`:@@author.courses.exams.liveOf:Live view of ${title}:title:`;
  }

  protected resultsOf(title: string): string {
    return $localize`:@@author.courses.exams.resultsOf:Results of ${title}:title:`;
  }
}
