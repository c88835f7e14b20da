/** Plain wording for audit events (what the server records in `action` and `details`). */

export const AUDIT_ACTIONS: Record<string, string> = {
  'exam.created': $localize`:@@author.audit.action.examCreated:Exam created`,
  'exam.updated': $localize`:@@author.audit.action.examUpdated:Exam changed`,
  'exam.published': $localize`:@@author.audit.action.examPublished:Exam published`,
  'exam.unpublished': $localize`:@@author.audit.action.examUnpublished:Exam unpublished`,
  'exam.archived': $localize`:@@author.audit.action.examArchived:Exam archived`,
  'exam.deleted': $localize`:@@author.audit.action.examDeleted:Exam deleted`,
  'user.created': $localize`:@@author.audit.action.userCreated:Account created`,
  'user.registered': $localize`:@@author.audit.action.userRegistered:Account registered`,
  'user.provisioned': $localize`:@@author.audit.action.userProvisioned:Account provisioned (sign-in provider)`,
  'user.linked': $localize`:@@author.audit.action.userLinked:Account linked to the sign-in provider`,
  'user.updated': $localize`:@@author.audit.action.userUpdated:Account changed`,
  'auth.refresh_token_reused': $localize`:@@author.audit.action.refreshReused:Refresh token reused (session revoked)`,
};

export function actionLabel(action: string): string {
  return AUDIT_ACTIONS[action] ?? action;
}

const FIELD_LABELS: Record<string, string> = {
  is_active: $localize`:@@author.audit.field.isActive:active`,
  display_name: $localize`:@@author.audit.field.displayName:name`,
  copied_from: $localize`:@@author.audit.field.copiedFrom:copied from exam`,
  pass_mark_percent: $localize`:@@author.audit.field.passMark:pass mark`,
  time_limit_minutes: $localize`:@@author.audit.field.timeLimit:time limit`,
  max_attempts: $localize`:@@author.audit.field.maxAttempts:attempts`,
  role: $localize`:@@author.audit.field.role:role`,
  title: $localize`:@@author.audit.field.title:title`,
};

function field(name: string): string {
  return FIELD_LABELS[name] ?? name.replace(/_/g, ' ');
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean')
    return value ? $localize`:@@author.audit.yes:yes` : $localize`:@@author.audit.no:no`;
  if (Array.isArray(value)) return value.map(show).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * The details of an event as short phrases:
 * `{changes: {role: ["student", "author"]}}` → ["role: student → author"];
 * `{fields: ["title", "opens_at"]}` → ["fields: title, opens at"]; other keys → "key: value".
 */
export function detailLines(details: Record<string, unknown> | null | undefined): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(details ?? {})) {
    if (key === 'changes' && value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [name, change] of Object.entries(value as Record<string, unknown>)) {
        if (Array.isArray(change) && change.length === 2) {
          lines.push(`${field(name)}: ${show(change[0])} → ${show(change[1])}`);
        } else {
          lines.push(`${field(name)}: ${show(change)}`);
        }
      }
    } else if (key === 'fields' && Array.isArray(value)) {
      const names = value.map((v) => field(String(v))).join(', ');
      lines.push($localize`:@@author.audit.changedFields:changed: ${names}:names:`);
    } else {
      lines.push(`${field(key)}: ${show(value)}`);
    }
  }
  return lines;
}
