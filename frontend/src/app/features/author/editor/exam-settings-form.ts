import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  effect,
  inject,
  input,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';

import type { ReviewPolicy } from '../../../core/api/api-types';
import { CoursesApi } from '../../../core/api/courses-api';
import { FocusMover } from '../../../shared/focus';
import { FormError } from '../../../shared/form-error';
import { localTimeZoneName } from '../../../shared/local-time';
import { MarkdownPipe } from '../../../shared/markdown.pipe';
import { EXAM_LANGUAGES, EXAM_LIMITS, REVIEW_POLICY_LABELS } from './exam-form';
import type { ExamSettings } from './exam-settings';

/** The exam's settings form (its state, and saving, are the page's `ExamSettings`). */
@Component({
  selector: 'app-exam-settings-form',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    MatSlideToggleModule,
    FormError,
    MarkdownPipe,
  ],
  templateUrl: './exam-settings-form.html',
  styleUrls: ['./editor-sections.scss', './exam-settings-form.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExamSettingsForm {
  private readonly focus = inject(FocusMover);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly coursesApi = inject(CoursesApi);

  readonly settings = input.required<ExamSettings>();
  /** The exam's course as saved (it stays a choice even when archived or not mine). */
  readonly course = input<{ id: number; name: string } | null>(null);
  /** Null while a new exam is not created yet. */
  readonly exam = input<{ id: number } | null>(null);
  readonly readOnly = input(false);
  readonly gradingLocked = input(false);

  protected readonly limits = EXAM_LIMITS;
  protected readonly reviewPolicies = Object.entries(REVIEW_POLICY_LABELS) as [
    ReviewPolicy,
    string,
  ][];
  protected readonly timeZone = localTimeZoneName();
  protected readonly descriptionView = signal<'write' | 'preview'>('write');
  protected readonly languages = EXAM_LANGUAGES;

  /** My current courses (the server's page limit: an author teaches fewer). */
  private readonly myCourses = rxResource({
    stream: () => this.coursesApi.list({ archived: 'false', per_page: 100 }),
  });
  protected readonly courseOptions = computed(() => {
    const options = (this.myCourses.value()?.items ?? []).map((c) => ({ id: c.id, name: c.name }));
    const current = this.course();
    if (current && !options.some((c) => c.id === current.id)) options.unshift(current);
    return options;
  });

  constructor() {
    // A save refused for invalid settings: to the first field that needs attention.
    effect(() => {
      if (this.settings().invalidSaves() === 0) return;
      this.focus.afterRender(() =>
        this.host.nativeElement.querySelector<HTMLElement>(
          '.ng-invalid input, .ng-invalid textarea',
        ),
      );
    });
  }

  /** The settings heading, where "Exam" problems of the publish checklist lead. */
  get heading(): HTMLElement | null {
    return this.host.nativeElement.querySelector('#settings-heading');
  }

  protected isOffered(tag: string): boolean {
    return this.languages.some((l) => l.tag === tag);
  }

  protected save(): void {
    this.settings().saveIfChanged().subscribe();
  }
}
