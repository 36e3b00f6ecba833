/*
 * When a failed message is tried again. Every failure is retried, a 5xx too: a "mailbox full" or a
 * misconfigured relay answers 5xx and recovers, and a consultant would rather see a message go out
 * late than find it abandoned. After MAX_ATTEMPTS it is given up (failed, with the last reply) and
 * can be retried by hand.
 */
const DELAYS_MINUTES = [1, 5, 15, 60, 180, 360, 720];
export const MAX_ATTEMPTS = DELAYS_MINUTES.length + 1;

/** After the `attempts`-th attempt failed: when to try again, or null to give up. */
export function nextAttemptAt(attempts: number, now: Date): Date | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const minutes = DELAYS_MINUTES[Math.max(0, attempts - 1)];
  return new Date(now.getTime() + minutes * 60_000);
}
