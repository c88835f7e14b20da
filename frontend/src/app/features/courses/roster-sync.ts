import type { LtiRosterSync } from '../../core/api/lti-api';

/**
 * What a roster sync from the learning platform changed, in one sentence. One message per
 * English plural form (a TS message cannot hold an ICU plural); translations phrase the
 * "other" form so that it reads right for any number.
 */
export function rosterSyncSummary(result: LtiRosterSync): string {
  const { enrolled, teachers, removed, members } = result;
  const changes = [
    enrolled === 1
      ? $localize`:@@author.rosterSync.enrolled1:1 student enrolled`
      : $localize`:@@author.rosterSync.enrolled:${enrolled}:count: students enrolled`,
    teachers === 1
      ? $localize`:@@author.rosterSync.teachers1:1 teacher added`
      : $localize`:@@author.rosterSync.teachers:${teachers}:count: teachers added`,
    removed === 1
      ? $localize`:@@author.rosterSync.removed1:1 student removed`
      : $localize`:@@author.rosterSync.removed:${removed}:count: students removed`,
  ].join(', ');
  return members === 1
    ? $localize`:@@author.rosterSync.synced1:Synced 1 member from the platform: ${changes}:changes:.`
    : $localize`:@@author.rosterSync.synced:Synced ${members}:count: members from the platform: ${changes}:changes:.`;
}
