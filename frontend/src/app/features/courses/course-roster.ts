import { Clipboard } from '@angular/cdk/clipboard';
import { DatePipe, formatDate } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  LOCALE_ID,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import type { PageEvent } from '@angular/material/paginator';
import { EMPTY, finalize, switchMap } from 'rxjs';

import type {
  Accommodation,
  ClassListReport,
  CourseDetail,
  RosterEntry,
} from '../../core/api/course-types';
import { CoursesApi } from '../../core/api/courses-api';
import { LtiApi } from '../../core/api/lti-api';
import { Notifier } from '../../core/notifier';
import { Busy } from '../../shared/busy';
import { Confirmer } from '../../shared/confirm-dialog';
import { Downloader } from '../../shared/download';
import { FormError } from '../../shared/form-error';
import { FormSubmission } from '../../shared/form-submission';
import { ListEmpty, ListItems, ListScaffold } from '../../shared/list-page/list-scaffold';
import { pagedList, searchTerms } from '../../shared/list-page/list-state';
import { SearchField } from '../../shared/list-page/search-field';
import {
  AccommodationDialog,
  type AccommodationDialogData,
  type AccommodationDialogResult,
} from './accommodation-dialog';
import { accommodationSummary } from './accommodation-form';
import { ClassListDialog, type ClassListDialogData } from './class-list-dialog';
import { appliedSummary } from './class-list';
import { rosterSyncSummary } from './roster-sync';

const PAGE_SIZES = [25, 50, 100];

export const SOURCE_LABELS: Record<string, string> = {
  class_list: $localize`:@@author.roster.source.classList:Class list`,
  join_code: $localize`:@@author.roster.source.joinCode:Join code`,
  manual: $localize`:@@author.roster.source.manual:Added by a teacher`,
};

/**
 * The course's students: search, add one by e-mail, upload a class list, hand out set-up
 * links (one by one, or all as a CSV), course-wide accommodations, remove.
 */
@Component({
  selector: 'app-course-roster',
  imports: [
    DatePipe,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatMenuModule,
    FormError,
    ListEmpty,
    ListItems,
    ListScaffold,
    SearchField,
  ],
  templateUrl: './course-roster.html',
  styleUrl: './course-tab.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CourseRoster {
  private readonly api = inject(CoursesApi);
  private readonly lti = inject(LtiApi);
  private readonly dialog = inject(MatDialog);
  private readonly confirmer = inject(Confirmer);
  private readonly notifier = inject(Notifier);
  private readonly downloader = inject(Downloader);
  private readonly clipboard = inject(Clipboard);
  private readonly locale = inject(LOCALE_ID);

  readonly course = input.required<CourseDetail>();
  /** The roster changed (the course's counts too). */
  readonly changed = output<void>();

  protected readonly search = new FormControl('', { nonNullable: true });
  /** The id alone: a reloaded course (same id) does not reload the roster. */
  private readonly courseId = computed(() => this.course().id);
  private readonly q = signal('');
  private readonly page = signal(1);
  private readonly perPage = signal(PAGE_SIZES[0]);

  protected readonly students = rxResource({
    params: () => ({
      id: this.courseId(),
      q: this.q(),
      page: this.page(),
      per_page: this.perPage(),
    }),
    stream: ({ params: { id, ...query } }) => this.api.students(id, query),
  });
  protected readonly list = pagedList(this.students, {
    what: $localize`:@@author.roster.what:the students`,
    pageSizes: PAGE_SIZES,
    countNoun: 'student',
  });
  private readonly accommodations = rxResource({
    params: () => this.courseId(),
    stream: ({ params: id }) => this.api.courseAccommodations(id),
  });
  private readonly accommodationByUser = computed(() => {
    const map = new Map<number, Accommodation>();
    for (const a of this.accommodations.value()?.items ?? []) map.set(a.user_id, a);
    return map;
  });

  protected readonly addForm = new FormGroup({
    email: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.email],
    }),
  });
  protected readonly adding = new FormSubmission();
  protected readonly busy = new Busy<number>();
  protected readonly downloading = signal(false);
  protected readonly syncing = signal(false);
  protected readonly sourceLabels = SOURCE_LABELS;

  constructor() {
    searchTerms(this.search).subscribe((q) => {
      this.q.set(q);
      this.page.set(1);
    });
  }

  protected actionsFor(student: RosterEntry): string {
    return $localize`:@@author.roster.actionsFor:Actions for ${student.display_name}:name:`;
  }

  protected accommodationOf(student: RosterEntry): string {
    return accommodationSummary(this.accommodationByUser().get(student.user_id));
  }

  protected onPage(event: PageEvent): void {
    this.page.set(event.pageIndex + 1);
    this.perPage.set(event.pageSize);
  }

  protected add(): void {
    const email = this.addForm.controls.email.value.trim();
    this.adding.submit(
      this.addForm,
      () => this.api.addStudent(this.course().id, email),
      (entry) => {
        this.adding.submitting.set(false);
        this.addForm.reset();
        this.notifier.info(
          $localize`:@@author.roster.enrolled:${entry.display_name}:name: is enrolled.`,
        );
        this.reload();
      },
    );
  }

  protected remove(student: RosterEntry): void {
    this.confirmer
      .ask({
        title: $localize`:@@author.roster.remove.title:Remove ${student.display_name}:name:?`,
        message: $localize`:@@author.roster.remove.message:They can no longer see or start this course’s exams. Their finished attempts stay in the results.`,
        confirm: $localize`:@@author.roster.remove.confirm:Remove`,
        danger: true,
      })
      .pipe(
        switchMap((yes) =>
          yes
            ? this.api
                .removeStudent(this.course().id, student.user_id)
                .pipe(this.busy.track(student.user_id))
            : EMPTY,
        ),
      )
      .subscribe(() => {
        this.notifier.info(
          $localize`:@@author.roster.removed:${student.display_name}:name: is removed from the course.`,
        );
        this.reload();
      });
  }

  protected copySetupLink(student: RosterEntry): void {
    this.api
      .setupLink(this.course().id, student.user_id)
      .pipe(this.busy.track(student.user_id))
      .subscribe((result) => {
        const copied = this.clipboard.copy(result.link);
        const until = formatDate(result.expires_at, 'medium', this.locale);
        const name = student.display_name;
        const mailed = result.emailed
          ? $localize`:@@author.roster.linkMailed: It was also e-mailed.`
          : '';
        if (copied) {
          this.notifier.info(
            $localize`:@@author.roster.linkCopied:Set-up link for ${name}:name: copied (valid until ${until}:until:).` +
              mailed,
          );
        } else {
          this.notifier.warn(
            $localize`:@@author.roster.copyLink:Copy this set-up link for ${name}:name:: ${result.link}:link:`,
          );
        }
      });
  }

  protected downloadSetupLinks(): void {
    this.downloading.set(true);
    this.downloader.download(
      this.api.setupLinksCsv(this.course().id),
      `setup-links-${this.course().id}.csv`,
      () => this.downloading.set(false),
    );
  }

  /** Names and Role Provisioning: the platform's course members become this roster. */
  protected syncRoster(): void {
    this.syncing.set(true);
    this.lti
      .syncRoster(this.course().id)
      .pipe(finalize(() => this.syncing.set(false)))
      .subscribe((result) => {
        this.notifier.info(rosterSyncSummary(result));
        this.reload();
      });
  }

  protected uploadClassList(): void {
    const course = this.course();
    this.dialog
      .open<ClassListDialog, ClassListDialogData, ClassListReport>(ClassListDialog, {
        data: { courseId: course.id, courseName: course.name },
        width: '820px',
        maxWidth: 'calc(100vw - 32px)',
      })
      .afterClosed()
      .subscribe((report) => {
        if (!report) return;
        this.notifier.info(appliedSummary(report));
        this.reload();
      });
  }

  protected editAccommodation(student: RosterEntry): void {
    this.dialog
      .open<AccommodationDialog, AccommodationDialogData, AccommodationDialogResult>(
        AccommodationDialog,
        {
          data: {
            scope: { course: this.course().id },
            userId: student.user_id,
            studentName: student.display_name,
            current: this.accommodationByUser().get(student.user_id) ?? null,
          },
          width: '560px',
          maxWidth: 'calc(100vw - 32px)',
        },
      )
      .afterClosed()
      .subscribe((result) => {
        if (!result) return;
        this.notifier.info(
          result === 'saved'
            ? $localize`:@@author.roster.accommodationSaved:${student.display_name}:name:’s accommodation is saved.`
            : $localize`:@@author.roster.accommodationRemoved:${student.display_name}:name:’s accommodation is removed.`,
        );
        this.accommodations.reload();
      });
  }

  private reload(): void {
    this.students.reload();
    this.accommodations.reload();
    this.changed.emit();
  }
}
