import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

const LABELS: Record<string, string> = {
  draft: $localize`:@@status.draft:Draft`,
  published: $localize`:@@status.published:Published`,
  archived: $localize`:@@status.archived:Archived`,
  not_started: $localize`:@@status.notStarted:Not started`,
  in_progress: $localize`:@@status.inProgress:In progress`,
  submitted: $localize`:@@status.submitted:Submitted`,
  expired: $localize`:@@status.expired:Expired`,
};

/** A small coloured label for an exam's or attempt's state (text, never colour alone). */
@Component({
  selector: 'app-status-chip',
  template: `<span class="chip" [class]="'chip chip-' + status()">{{ label() }}</span>`,
  styles: `
    .chip {
      display: inline-block;
      padding: 2px 10px;
      border-radius: 999px;
      font: var(--mat-sys-label-medium);
      white-space: nowrap;
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface);
    }
    .chip-published,
    .chip-submitted {
      background: #d7f5dd;
      color: #0b5021;
    }
    .chip-draft,
    .chip-in_progress {
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .chip-archived,
    .chip-expired {
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusChip {
  readonly status = input.required<string>();
  protected readonly label = computed(() => LABELS[this.status()] ?? this.status());
}
