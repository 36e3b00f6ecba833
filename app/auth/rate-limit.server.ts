/**
 * In-memory sliding-window counters. Cairn runs as one process per database (SQLite), so memory is
 * the right place; limits are set so that a real person never meets them but guessing stops.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds until the key may try again, or 0 when it is under the limit. */
  retryAfterSeconds(key: string, now = Date.now()): number {
    const recent = this.recentHits(key, now);
    if (recent.length < this.limit) return 0;
    return Math.max(1, Math.ceil((recent[0] + this.windowMs - now) / 1000));
  }

  record(key: string, now = Date.now()): void {
    const recent = this.recentHits(key, now);
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 50_000) this.prune(now);
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  /** Hits are kept in time order, so expired ones are dropped from the front: cheap on a hot path. */
  private recentHits(key: string, now: number): number[] {
    const hits = this.hits.get(key) ?? [];
    const cutoff = now - this.windowMs;
    let expired = 0;
    while (expired < hits.length && hits[expired] <= cutoff) expired++;
    if (expired > 0) hits.splice(0, expired);
    return hits;
  }

  private prune(now: number) {
    for (const [key, times] of this.hits) {
      if (times.every((t) => t <= now - this.windowMs)) this.hits.delete(key);
    }
  }
}

const FIFTEEN_MINUTES = 15 * 60 * 1000;

export const rateLimits = {
  signInFailuresPerAccount: new RateLimiter(10, FIFTEEN_MINUTES),
  signInAttemptsPerAddress: new RateLimiter(60, FIFTEEN_MINUTES),
  unknownSurveyTokensPerAddress: new RateLimiter(30, FIFTEEN_MINUTES),
  surveySavesPerRespondent: new RateLimiter(1200, 60 * 1000),
};

export function tooManyRequests(retryAfterSeconds: number, message = "Too many attempts. Please wait and try again."): Response {
  return new Response(message, { status: 429, headers: { "Retry-After": String(retryAfterSeconds), "Content-Type": "text/plain; charset=utf-8" } });
}
