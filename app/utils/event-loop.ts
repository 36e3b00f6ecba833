/**
 * Lets waiting I/O (an autosave, another page) run before going on. better-sqlite3 answers
 * synchronously and promise continuations never give way to I/O, so a request that reads many rows
 * holds the HTTP thread for all of them unless it steps aside between reads.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
