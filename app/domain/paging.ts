/** A list shown a page at a time (the dashboard, the reports). */
export interface Paging {
  page: number;
  pageCount: number;
  /** Items that match the filters, over every page. */
  matching: number;
  /** The 1-based position of the first item shown (0 when none). */
  firstShown: number;
}

/** Which page to show of `count` items, `pageSize` a page: a page past the end shows the last, a page that is not a number the first. */
export function pageOf(count: number, pageSize: number, requested: number): Paging & { offset: number } {
  const pageCount = Math.max(1, Math.ceil(count / pageSize));
  const page = Math.min(Math.max(1, Number.isFinite(requested) ? Math.floor(requested) : 1), pageCount);
  const offset = (page - 1) * pageSize;
  return { page, pageCount, matching: count, firstShown: count === 0 ? 0 : offset + 1, offset };
}
