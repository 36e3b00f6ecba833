/*
 * Adding or editing one application on the portfolio page, checked by exactly the rules a CSV
 * import uses: the portfolio as it stands is written out with portfolioToCsv, the form's values
 * become one more row (in the import's own column names), and the whole is read back with
 * parsePortfolioCsv. So a name already taken, a dependency on an application that does not exist,
 * a peak below the normal figure or an unknown hosting kind are refused with the import's own
 * words, and a form can never store what an import would reject.
 *
 * The edited row is written last, so a clash ("already on line 7") is reported on it, not on the
 * application it clashes with; line numbers mean nothing on a form, so they are replaced by
 * "in the portfolio".
 */
import { applicationCells, parsePortfolioCsv, portfolioToCsv, PORTFOLIO_COLUMNS, type Application, type PortfolioColumnName } from "./portfolio";

/**
 * The largest portfolio file accepted. The HTTP layer refuses any request body over 1 MiB
 * (MAX_REQUEST_BODY_BYTES in app/server/http.ts); a file of 1,000,000 bytes plus the form around it
 * stays under that. About 5,000 applications of typical length fit.
 */
export const MAX_PORTFOLIO_FILE_BYTES = 1_000_000;

export type ApplicationFormValues = Partial<Record<PortfolioColumnName, string>>;

export type ApplicationEditResult =
  | { ok: true; application: Application }
  | { ok: false; fieldErrors: Partial<Record<PortfolioColumnName, string>>; formError: string | null };

function quoted(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

function lineBreaks(text: string): number {
  return (text.match(/\r\n|\r|\n/g) ?? []).length;
}

/**
 * Checks a new application (`editingId` null) or a change to the application with id `editingId`
 * against the rest of `portfolio`. An edited application keeps its id whatever the form says.
 */
export function checkApplicationEdit(portfolio: readonly Application[], values: ApplicationFormValues, editingId: string | null): ApplicationEditResult {
  const others = editingId === null ? [...portfolio] : portfolio.filter((application) => application.id !== editingId);
  const prefix = portfolioToCsv(others);
  const rowLine = lineBreaks(prefix.replace(/^\uFEFF/, "")) + 1;
  const cells = PORTFOLIO_COLUMNS.map((column) => quoted(column.name === "id" && editingId !== null ? editingId : (values[column.name] ?? "")));
  const parsed = parsePortfolioCsv(`${prefix}${cells.join(",")}\r\n`);

  if (parsed.problems.length === 0) {
    const application = parsed.rows[parsed.rows.length - 1];
    return { ok: true, application };
  }
  const fieldErrors: Partial<Record<PortfolioColumnName, string>> = {};
  const formErrors: string[] = [];
  for (const problem of parsed.problems) {
    const message = problem.message.replace(/ on line \d+/, " in the portfolio");
    const column = PORTFOLIO_COLUMNS.find((candidate) => candidate.name === problem.column)?.name;
    if (problem.line >= rowLine && column) fieldErrors[column] ??= message;
    else formErrors.push(problem.line >= rowLine ? message : `Another application in the portfolio has a problem (${problem.column ?? "row"}): ${message}`);
  }
  return { ok: false, fieldErrors, formError: formErrors.length > 0 ? formErrors.join(" ") : null };
}

/** The form's values for an application, as the import would write them. */
export function formValuesOf(application: Application, portfolio: readonly Application[]): Record<PortfolioColumnName, string> {
  return applicationCells(application, new Map(portfolio.map((a) => [a.id, a.name])));
}
