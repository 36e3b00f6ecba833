/*
 * The 404 of a tenant-scoped lookup. Its own module, free of the session and of Remix, because the
 * PDF renderer process reads report rows with it too.
 */

export function notFound(what = "Page"): Response {
  return new Response(`${what} not found.`, { status: 404, statusText: "Not Found" });
}

/** Throws a 404 when a tenant-scoped lookup found nothing. */
export function found<T>(value: T | undefined | null, what = "Page"): T {
  if (value === undefined || value === null) throw notFound(what);
  return value;
}
