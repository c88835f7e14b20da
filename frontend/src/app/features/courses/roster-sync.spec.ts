import { rosterSyncSummary } from './roster-sync';

describe('rosterSyncSummary', () => {
  it('says what the sync changed, singular and plural', () => {
    expect(rosterSyncSummary({ members: 5, enrolled: 2, teachers: 1, removed: 0 })).toBe(
      'Synced 5 members from the platform: 2 students enrolled, 1 teacher added, 0 students removed.',
    );
    expect(rosterSyncSummary({ members: 1, enrolled: 1, teachers: 0, removed: 1 })).toBe(
      'Synced 1 member from the platform: 1 student enrolled, 0 teachers added, 1 student removed.',
    );
  });
});
