/*
 * CSV for spreadsheets. RFC 4180 quoting, and formula injection neutralised: a cell that a
 * spreadsheet would run as a formula (starting with = + - @, tab or carriage return) is prefixed
 * with an apostrophe, so `=cmd|' /C calc'!A0` arrives as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? "" : typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (FORMULA_START.test(text) && !(typeof value === "number")) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  // A BOM so spreadsheet programs read UTF-8 names correctly; CRLF as RFC 4180 says.
  return "\uFEFF" + [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
