/** Plain wording for audit events (what the server records in `action` and `details`). */

export const AUDIT_ACTIONS: Record<string, string> = {
  'exam.created': 'Exam created',
  'exam.updated': 'Exam changed',
  'exam.published': 'Exam published',
  'exam.unpublished': 'Exam unpublished',
  'exam.archived': 'Exam archived',
  'exam.deleted': 'Exam deleted',
  'user.created': 'Account created',
  'user.registered': 'Account registered',
  'user.provisioned': 'Account provisioned (sign-in provider)',
  'user.linked': 'Account linked to the sign-in provider',
  'user.updated': 'Account changed',
  'auth.refresh_token_reused': 'Refresh token reused (session revoked)',
};

export function actionLabel(action: string): string {
  return AUDIT_ACTIONS[action] ?? action;
}

const FIELD_LABELS: Record<string, string> = {
  is_active: 'active',
  display_name: 'name',
  copied_from: 'copied from exam',
  pass_mark_percent: 'pass mark',
  time_limit_minutes: 'time limit',
  max_attempts: 'attempts',
};

function field(name: string): string {
  return FIELD_LABELS[name] ?? name.replace(/_/g, ' ');
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
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
      lines.push(`changed: ${value.map((v) => field(String(v))).join(', ')}`);
    } else {
      lines.push(`${field(key)}: ${show(value)}`);
    }
  }
  return lines;
}
