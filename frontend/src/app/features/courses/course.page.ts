import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  numberAttribute,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTabsModule } from '@angular/material/tabs';
import { Router, RouterLink } from '@angular/router';

import { apiErrorMessage } from '../../core/api/api-error';
import { CoursesApi } from '../../core/api/courses-api';
import { CourseExams } from './course-exams';
import { ROLE_LABELS } from './course-list.page';
import { CourseRoster } from './course-roster';
import { CourseSettings } from './course-settings';
import { CourseTeachers } from './course-teachers';
import { JoinCodePanel } from './join-code-panel';

export const COURSE_TABS = ['exams', 'students', 'teachers', 'joining', 'settings'] as const;
export type CourseTab = (typeof COURSE_TABS)[number];

/**
 * One course for its teachers: its exams, its roster (class lists, set-up links,
 * accommodations), its co-teachers, its join code and its settings. The tab is in the URL
 * (`?tab=students`), so a reload or a shared link opens the same one.
 */
@Component({
  selector: 'app-course-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    MatTabsModule,
    CourseExams,
    CourseRoster,
    CourseSettings,
    CourseTeachers,
    JoinCodePanel,
  ],
  template: `
    <div class="page course-page">
      <a mat-button routerLink="/courses" class="back-link">
        <mat-icon class="oe-dir-icon">arrow_back</mat-icon>
        <ng-container i18n="@@author.course.allCourses">All courses</ng-container>
      </a>
      <div class="progress-slot">
        @if (course.isLoading()) {
          <mat-progress-bar
            mode="indeterminate"
            aria-label="Loading the course"
            i18n-aria-label="@@author.course.loading"
          />
        }
      </div>

      @if (notFound()) {
        <section class="state-panel" role="alert">
          <mat-icon class="state-icon" aria-hidden="true">search_off</mat-icon>
          <h1 class="page-title" i18n="@@author.course.notFound">Course not found</h1>
          <p i18n="@@author.course.notFoundHint">
            This course does not exist, or you do not teach it.
          </p>
          <a mat-stroked-button routerLink="/courses" i18n="@@author.course.backToCourses"
            >Back to the courses</a
          >
        </section>
      } @else if (loadError(); as message) {
        <section class="state-panel" role="alert">
          <mat-icon class="state-icon" aria-hidden="true">cloud_off</mat-icon>
          <h1 class="page-title" i18n="@@author.course.loadError">
            The course could not be loaded
          </h1>
          <p>{{ message }}</p>
          <button
            mat-stroked-button
            type="button"
            (click)="course.reload()"
            i18n="@@author.common.tryAgain"
          >
            Try again
          </button>
        </section>
      } @else if (course.hasValue()) {
        @let c = course.value();
        <header class="course-header">
          <h1 class="page-title">
            {{ c.name }}
            @if (c.archived) {
              <span class="chip" i18n="@@author.courses.archivedChip">Archived</span>
            }
          </h1>
          <p class="muted meta">
            @if (c.code) {
              <span>{{ c.code }}</span>
            }
            @if (c.term) {
              <span>{{ c.term }}</span>
            }
            <span i18n="@@author.courses.studentCount">{c.student_count, plural,
              =1 {1 student}
              other {{{ c.student_count }} students}
            }</span>
            <span i18n="@@author.courses.examCount">{c.exam_count, plural,
              =1 {1 exam}
              other {{{ c.exam_count }} exams}
            }</span>
            <span i18n="@@author.course.you">You: {{ roleLabels[c.my_role] }}</span>
          </p>
        </header>

        <mat-tab-group
          [selectedIndex]="tabIndex()"
          (selectedIndexChange)="selectTab($event)"
          mat-stretch-tabs="false"
          animationDuration="0"
        >
          <!-- Each tab's content is made when it is shown, so it shows the latest data. -->
          <mat-tab label="Exams" i18n-label="@@author.course.tab.exams">
            <ng-template matTabContent>
              <app-course-exams [course]="c" />
            </ng-template>
          </mat-tab>
          <mat-tab label="Students" i18n-label="@@author.course.tab.students">
            <ng-template matTabContent>
              <app-course-roster [course]="c" (changed)="course.reload()" />
            </ng-template>
          </mat-tab>
          <mat-tab label="Teachers" i18n-label="@@author.course.tab.teachers">
            <ng-template matTabContent>
              <app-course-teachers [course]="c" (changed)="course.reload()" />
            </ng-template>
          </mat-tab>
          <mat-tab label="Joining" i18n-label="@@author.course.tab.joining">
            <ng-template matTabContent>
              <app-join-code-panel [course]="c" (changed)="course.reload()" />
            </ng-template>
          </mat-tab>
          <mat-tab label="Settings" i18n-label="@@author.course.tab.settings">
            <ng-template matTabContent>
              <app-course-settings [course]="c" (changed)="course.reload()" />
            </ng-template>
          </mat-tab>
        </mat-tab-group>
      }
    </div>
  `,
  styles: `
    .progress-slot {
      height: 4px;
    }
    .page-title {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 12px;
      margin-bottom: 4px;
    }
    .chip {
      padding: 2px 10px;
      border-radius: 999px;
      font: var(--mat-sys-label-medium);
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface-variant);
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: 2px 16px;
      margin: 0 0 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CoursePage {
  private readonly api = inject(CoursesApi);
  private readonly router = inject(Router);

  /** Route parameter `:id`. */
  readonly id = input.required({ transform: numberAttribute });
  /** Query parameter `tab`. */
  readonly tab = input<CourseTab, string | undefined>('exams', {
    transform: (v: string | undefined) =>
      COURSE_TABS.includes(v as CourseTab) ? (v as CourseTab) : 'exams',
  });

  private readonly validId = computed(() =>
    Number.isInteger(this.id()) && this.id() > 0 ? this.id() : undefined,
  );
  protected readonly course = rxResource({
    params: () => this.validId(),
    stream: ({ params: id }) => this.api.get(id),
  });
  protected readonly notFound = computed(() => {
    const error = this.course.error();
    return (
      this.validId() === undefined ||
      (error instanceof HttpErrorResponse && (error.status === 404 || error.status === 403))
    );
  });
  protected readonly loadError = computed(() => {
    const error = this.course.error();
    return error && !this.notFound() ? apiErrorMessage(error) : null;
  });

  protected readonly tabIndex = computed(() => COURSE_TABS.indexOf(this.tab()));
  protected readonly roleLabels = ROLE_LABELS;

  protected selectTab(index: number): void {
    const tab = COURSE_TABS[index];
    void this.router.navigate([], {
      queryParams: { tab: tab === 'exams' ? null : tab },
      queryParamsHandling: 'merge',
      replaceUrl: true,
    });
  }
}
