/*
 * When a scheduled reminder is due: reminder k (from 1) comes k × afterDays days after the
 * invitation was mailed, and there are at most `max`. Completion, revocation and closing are
 * checked by the query that lists candidates; this is only the clock.
 */
const DAY_MS = 24 * 60 * 60 * 1000;

export const MAX_REMINDERS = 5;

export function reminderDue(r: { mailInvitedAt: string | null; remindersSent: number; afterDays: number | null; max: number | null }, now: Date): boolean {
  if (!r.mailInvitedAt || !r.afterDays || !r.max || r.remindersSent >= r.max) return false;
  return now.getTime() >= Date.parse(r.mailInvitedAt) + (r.remindersSent + 1) * r.afterDays * DAY_MS;
}
