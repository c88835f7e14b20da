import type { LtiRosterSync } from '../../core/api/lti-api';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What a roster sync from the learning platform changed, in one sentence. */
export function rosterSyncSummary(result: LtiRosterSync): string {
  const changes = [
    `${count(result.enrolled, 'student', 'students')} enrolled`,
    `${count(result.teachers, 'teacher', 'teachers')} added`,
    `${count(result.removed, 'student', 'students')} removed`,
  ];
  return `Synced ${count(result.members, 'member', 'members')} from the platform: ${changes.join(', ')}.`;
}
