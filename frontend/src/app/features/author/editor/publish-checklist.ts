import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  inject,
  input,
  output,
} from '@angular/core';
import { MatIconModule } from '@angular/material/icon';

import type { PublishProblems, Question } from '../../../core/api/api-types';
import { problemChecklist, problemCount } from './publish-problems';

/**
 * A draft's "before publishing" list: what the server says must be fixed, each line leading to
 * its question; after a refused publish it is an alert (and the page moves the focus to it).
 */
@Component({
  selector: 'app-publish-checklist',
  imports: [MatIconModule],
  templateUrl: './publish-checklist.html',
  styleUrl: './publish-checklist.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PublishChecklist {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  readonly problems = input<PublishProblems | null>(null);
  readonly questions = input<Question[]>([]);
  /** A publish was just refused: the list is an alert. */
  readonly refused = input(false);
  /** A line was chosen: its question's id, or null for the exam's settings. */
  readonly show = output<number | null>();

  protected readonly checklist = computed(() =>
    problemChecklist(this.problems(), this.questions()),
  );
  protected readonly total = computed(() => problemCount(this.problems()));

  /** The list itself (focusable). */
  get element(): HTMLElement | null {
    return this.host.nativeElement.querySelector('#publish-checklist');
  }
}
