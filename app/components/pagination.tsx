import { Link } from "@remix-run/react";
import type { Paging } from "~/domain/paging";

/** "1–50 of 182", Previous, the page numbers and Next, as links that keep the list's filters; nothing when one page holds it all. */
export function Pagination({ paging, shown, label, testId, pageLink }: { paging: Paging; shown: number; label: string; testId: string; pageLink: (page: number) => string }) {
  if (paging.pageCount <= 1) return null;
  return (
    <nav aria-label={label} className="pagination" data-testid={testId}>
      <span className="muted">
        {paging.firstShown}–{paging.firstShown + shown - 1} of {paging.matching}
      </span>{" "}
      {paging.page > 1 ? (
        <Link to={pageLink(paging.page - 1)} rel="prev">
          ← Previous
        </Link>
      ) : null}{" "}
      {Array.from({ length: paging.pageCount }, (_, i) => i + 1).map((n) =>
        n === paging.page ? (
          <strong key={n} aria-current="page">
            {n}
          </strong>
        ) : (
          <Link key={n} to={pageLink(n)}>
            {n}
          </Link>
        ),
      )}{" "}
      {paging.page < paging.pageCount ? (
        <Link to={pageLink(paging.page + 1)} rel="next">
          Next →
        </Link>
      ) : null}
    </nav>
  );
}
