/*
 * The application portfolio: what runs where ("know what runs where" — business processes,
 * applications, hosting, normal and peak volumes, dependencies). Consultants bring it in as a CSV
 * file (usually from a spreadsheet or a CMDB export) and take it out again the same way.
 *
 * Importing is all or nothing: every problem in the file is reported with its line and column, and
 * if there is any, no application is returned, so a consultant fixes the file and imports it again
 * rather than working out which half made it in.
 *
 * The CSV format (RFC 4180, the format spreadsheets write):
 *   - the first line names the columns (PORTFOLIO_COLUMNS below), in any order, in any case, with
 *     spaces, hyphens or underscores ("Owning department", "owning_department", "owningDepartment");
 *   - fields separated by commas; a field holding a comma, a quote or a line break is wrapped in
 *     double quotes, with a quote inside written twice ("say ""hello""");
 *   - spaces around a value are ignored;
 *   - lines end with CRLF or LF; a UTF-8 byte-order mark at the start is ignored; blank lines and
 *     rows of empty cells are skipped;
 *   - lists (business processes, dependencies, traits) are separated by semicolons;
 *   - dependencies name other applications in the same file, by name (or by id);
 *   - a cell starting with ' followed by =, +, -, @, tab or CR has the ' removed: it is the guard
 *     portfolioToCsv adds against formula injection, so an export imports back unchanged.
 * At most MAX_PORTFOLIO_APPLICATIONS rows.
 */

export const MAX_PORTFOLIO_APPLICATIONS = 5000;

export const HOSTING_KINDS = ["on-premises", "colocation", "saas", "public-cloud"] as const;
export type Hosting = (typeof HOSTING_KINDS)[number];

export const DATA_SENSITIVITIES = ["public", "internal", "confidential", "restricted"] as const;
export type DataSensitivity = (typeof DATA_SENSITIVITIES)[number];

/**
 * Facts about an application that the disposition rules read and that the rest of the record does
 * not say. Optional: an application with none is judged on the rest.
 */
export const APPLICATION_TRAITS = [
  { key: "virtualised", meaning: "Runs on a VMware-style virtualisation platform that could move as it is." },
  { key: "database-heavy", meaning: "Most of its work happens in a relational database it owns." },
  { key: "custom-built", meaning: "Written in-house or for this organisation alone, so it could be re-architected." },
  { key: "saas-alternative", meaning: "A standard SaaS product could do its job." },
] as const;
export type ApplicationTrait = (typeof APPLICATION_TRAITS)[number]["key"];

export type Criticality = 1 | 2 | 3 | 4 | 5;

export interface Application {
  /** Stable id: from the id column, or made from the name. */
  id: string;
  name: string;
  owningDepartment: string;
  businessProcesses: string[];
  /** 1 (could stop for a week unnoticed) to 5 (the business stops without it). */
  criticality: Criticality;
  /** Null when not known yet. */
  users: number | null;
  /** Normal transactions an hour; null when not known yet. */
  hourlyTransactions: number | null;
  /** Transactions an hour at peak; null when not known yet. */
  peakHourlyTransactions: number | null;
  /** When the peak comes, in the customer's words ("month end", "Mon 09:00–11:00"); empty if none. */
  peakWindow: string;
  hosting: Hosting;
  managedByIt: boolean;
  dataSensitivity: DataSensitivity;
  /** Ids of the applications this one needs. */
  dependsOn: string[];
  traits: ApplicationTrait[];
  notes: string;
}

export interface PortfolioProblem {
  /** Line of the file, from 1 (the header), where the field (or row) starts: the number a text editor shows. */
  line: number;
  /** The column's name as PORTFOLIO_COLUMNS gives it (or as written, for an unknown column); null for a whole row. */
  column: string | null;
  message: string;
}

export interface PortfolioParseResult {
  /** Empty whenever there is any problem. */
  rows: Application[];
  /** In file order. */
  problems: PortfolioProblem[];
}

export type PortfolioColumnName =
  | "name"
  | "id"
  | "owning_department"
  | "business_processes"
  | "criticality"
  | "users"
  | "hourly_transactions"
  | "peak_hourly_transactions"
  | "peak_window"
  | "hosting"
  | "managed_by_it"
  | "data_sensitivity"
  | "depends_on"
  | "traits"
  | "notes";

export interface PortfolioColumn {
  name: PortfolioColumnName;
  /** A file must have this column, and every row a value in it. */
  required: boolean;
  description: string;
  example: string;
}

/** The columns of a portfolio file, in the order portfolioToCsv writes them. An import page shows this table. */
export const PORTFOLIO_COLUMNS: readonly PortfolioColumn[] = [
  { name: "name", required: true, description: "The application's name, unique in the file. No semicolons.", example: "Order desk" },
  { name: "id", required: false, description: "A stable id (letters, digits, . _ -). Made from the name when empty.", example: "APP-0042" },
  { name: "owning_department", required: true, description: "The department that owns it.", example: "Sales" },
  { name: "business_processes", required: false, description: "Business processes it serves, separated by semicolons.", example: "Take orders; Invoice" },
  { name: "criticality", required: true, description: "1 (could stop for a week unnoticed) to 5 (the business stops without it).", example: "4" },
  { name: "users", required: false, description: "How many people use it. Empty when not known.", example: "350" },
  { name: "hourly_transactions", required: false, description: "Transactions in a normal hour. Empty when not known.", example: "1200" },
  { name: "peak_hourly_transactions", required: false, description: "Transactions in the busiest hour; at least the normal figure.", example: "5000" },
  { name: "peak_window", required: false, description: "When the peak comes, in your words.", example: "Month end" },
  { name: "hosting", required: true, description: `Where it runs: ${HOSTING_KINDS.join(", ")}.`, example: "on-premises" },
  { name: "managed_by_it", required: true, description: "Whether IT runs it: yes or no.", example: "yes" },
  { name: "data_sensitivity", required: true, description: `The most sensitive data it holds: ${DATA_SENSITIVITIES.join(", ")}.`, example: "confidential" },
  { name: "depends_on", required: false, description: "Applications it needs, by name, separated by semicolons.", example: "Customer database; Payments" },
  { name: "traits", required: false, description: `Any of ${APPLICATION_TRAITS.map((t) => t.key).join(", ")}, separated by semicolons.`, example: "virtualised; database-heavy" },
  { name: "notes", required: false, description: "Anything else worth knowing.", example: "Vendor support ends 2027" },
];

const MAX_TEXT_LENGTH = 200;
const MAX_NOTES_LENGTH = 4000;
const MAX_ID_LENGTH = 80;
const MAX_COUNT = 1_000_000_000;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Line breaks are allowed only in notes; other control characters nowhere. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F]/;
const LINE_BREAK = /[\r\n]/;
const FORMULA_TRIGGERS = ["=", "+", "-", "@", "\t", "\r"];

// ---------------------------------------------------------------------------------------------
// RFC 4180 records

interface CsvField {
  value: string;
  line: number;
}

interface CsvRecord {
  line: number;
  fields: CsvField[];
  /** Syntax faults in this record, by field index. */
  faults: { fieldIndex: number; line: number; message: string }[];
}

interface CsvReading {
  records: CsvRecord[];
  /** Faults that belong to no complete record (an unclosed quote at the end of the file). */
  trailingFaults: PortfolioProblem[];
  /** Line of the first record beyond `maxRecords`, when the file had more. */
  overflowLine: number | null;
}

/**
 * Splits CSV text into records of fields, remembering the line each starts on. Lenient where
 * spreadsheets differ harmlessly (spaces around a quoted field, LF or CR line ends), strict where a
 * guess could shift data into the wrong column (a stray quote inside a field). Stops after `maxRecords`.
 */
function readCsvRecords(text: string, maxRecords: number): CsvReading {
  const records: CsvRecord[] = [];
  const trailingFaults: PortfolioProblem[] = [];
  let fields: CsvField[] = [];
  let faults: CsvRecord["faults"] = [];
  let value = "";
  let line = 1;
  let recordLine = 1;
  let fieldLine = 1;
  let inQuotes = false;
  let wasQuoted = false;
  let afterClosingQuote = false;
  let quoteLine = 1;
  let i = 0;

  const endField = () => {
    // Spaces around a value are never meaningful in a portfolio, quoted or not.
    fields.push({ value: value.trim(), line: fieldLine });
    value = "";
    wasQuoted = false;
    afterClosingQuote = false;
  };
  const endRecord = () => {
    endField();
    const blank = faults.length === 0 && fields.every((field) => field.value === "");
    if (!blank) records.push({ line: recordLine, fields, faults });
    fields = [];
    faults = [];
  };

  while (i < text.length) {
    const char = text[i];
    if (inQuotes) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          value += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        afterClosingQuote = true;
        i += 1;
        continue;
      }
      if (char === "\r" || char === "\n") {
        value += "\n";
        line += 1;
        i += char === "\r" && text[i + 1] === "\n" ? 2 : 1;
        continue;
      }
      value += char;
      i += 1;
      continue;
    }

    if (char === ",") {
      endField();
      fieldLine = line;
      i += 1;
      continue;
    }
    if (char === "\r" || char === "\n") {
      endRecord();
      line += 1;
      i += char === "\r" && text[i + 1] === "\n" ? 2 : 1;
      if (records.length > maxRecords) return { records: records.slice(0, maxRecords), trailingFaults, overflowLine: records[maxRecords].line };
      recordLine = line;
      fieldLine = line;
      continue;
    }
    if (afterClosingQuote) {
      if (char !== " " && char !== "\t" && !faults.some((fault) => fault.fieldIndex === fields.length)) {
        faults.push({
          fieldIndex: fields.length,
          line,
          message: "There is text after the closing quote of this field. Put the whole field inside the quotes.",
        });
      }
      i += 1;
      continue;
    }
    if (char === '"') {
      if (value.trim() === "") {
        inQuotes = true;
        wasQuoted = true;
        quoteLine = line;
        value = "";
        i += 1;
        continue;
      }
      if (!faults.some((fault) => fault.fieldIndex === fields.length)) {
        faults.push({
          fieldIndex: fields.length,
          line,
          message: 'A double quote appears inside an unquoted field. Wrap the whole field in quotes and write the quote twice ("").',
        });
      }
    }
    value += char;
    i += 1;
  }

  if (inQuotes) {
    trailingFaults.push({
      line: quoteLine,
      column: null,
      message: "A quoted field opened here is never closed, so everything after it would be one field. Add the closing quote.",
    });
  } else if (value !== "" || fields.length > 0 || wasQuoted) {
    endRecord();
  }
  if (records.length > maxRecords) return { records: records.slice(0, maxRecords), trailingFaults, overflowLine: records[maxRecords].line };
  return { records, trailingFaults, overflowLine: null };
}

// ---------------------------------------------------------------------------------------------
// Cells

type Cell<T> = { ok: true; value: T } | { ok: false; message: string };

function normalisedHeader(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, "");
}

const COLUMN_BY_NORMALISED_NAME = new Map<string, PortfolioColumnName>(
  PORTFOLIO_COLUMNS.map((column) => [normalisedHeader(column.name), column.name]),
);

/** Removes the formula-injection guard that portfolioToCsv adds. */
function withoutFormulaGuard(text: string): string {
  return text.startsWith("'") && FORMULA_TRIGGERS.includes(text.charAt(1)) ? text.slice(1) : text;
}

function readText(text: string, required: boolean, maxLength = MAX_TEXT_LENGTH, allowLineBreaks = false): Cell<string> {
  if (required && text === "") return { ok: false, message: "This is required." };
  if (text.length > maxLength) return { ok: false, message: `At most ${maxLength.toLocaleString("en-GB")} characters (this has ${text.length.toLocaleString("en-GB")}).` };
  if (CONTROL_CHARACTERS.test(text) || (!allowLineBreaks && LINE_BREAK.test(text))) {
    return { ok: false, message: allowLineBreaks ? "Contains control characters." : "Must be on one line, without control characters." };
  }
  return { ok: true, value: text };
}

function readList(text: string): Cell<string[]> {
  const entries: string[] = [];
  const seen = new Set<string>();
  for (const raw of text.split(";")) {
    const entry = raw.trim();
    if (entry === "" || seen.has(entry.toLowerCase())) continue;
    const checked = readText(entry, false);
    if (!checked.ok) return { ok: false, message: `"${entry.slice(0, 40)}": ${checked.message}` };
    seen.add(entry.toLowerCase());
    entries.push(entry);
  }
  return { ok: true, value: entries };
}

/** A non-negative number, allowing thousands separated by commas or spaces ("1,200", "1 200"). Empty: not known. */
function readCount(text: string, wholeNumber: boolean): Cell<number | null> {
  if (text === "") return { ok: true, value: null };
  const digits = text.replace(/[ _]/g, "");
  const pattern = wholeNumber ? /^(\d{1,3}(,\d{3})+|\d+)$/ : /^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;
  const expected = wholeNumber ? "a whole number of 0 or more" : "a number of 0 or more";
  if (!pattern.test(digits)) return { ok: false, message: `Expected ${expected}, or nothing if not known; found "${text}".` };
  const value = Number(digits.replace(/,/g, ""));
  if (value > MAX_COUNT) return { ok: false, message: `${text} is larger than any real figure; check the units.` };
  return { ok: true, value };
}

function readCriticality(text: string): Cell<Criticality> {
  if (text === "") return { ok: false, message: "This is required: 1 (could stop for a week unnoticed) to 5 (the business stops without it)." };
  if (text === "1" || text === "2" || text === "3" || text === "4" || text === "5") return { ok: true, value: Number(text) as Criticality };
  return { ok: false, message: `Expected a whole number from 1 to 5; found "${text}".` };
}

const HOSTING_SYNONYMS: Record<string, Hosting> = {
  "on-premises": "on-premises",
  "on-premise": "on-premises",
  "on-prem": "on-premises",
  onpremises: "on-premises",
  colocation: "colocation",
  colo: "colocation",
  saas: "saas",
  "public-cloud": "public-cloud",
  publiccloud: "public-cloud",
};

function readHosting(text: string): Cell<Hosting> {
  const hosting = HOSTING_SYNONYMS[text.toLowerCase().replace(/[\s_]+/g, "-")];
  if (hosting) return { ok: true, value: hosting };
  return { ok: false, message: text === "" ? `This is required: ${HOSTING_KINDS.join(", ")}.` : `Expected one of ${HOSTING_KINDS.join(", ")}; found "${text}".` };
}

function readYesNo(text: string): Cell<boolean> {
  const answer = text.toLowerCase();
  if (["yes", "y", "true", "1"].includes(answer)) return { ok: true, value: true };
  if (["no", "n", "false", "0"].includes(answer)) return { ok: true, value: false };
  return { ok: false, message: text === "" ? "This is required: yes or no." : `Expected yes or no; found "${text}".` };
}

function readSensitivity(text: string): Cell<DataSensitivity> {
  const value = DATA_SENSITIVITIES.find((sensitivity) => sensitivity === text.toLowerCase());
  if (value) return { ok: true, value };
  return { ok: false, message: text === "" ? `This is required: ${DATA_SENSITIVITIES.join(", ")}.` : `Expected one of ${DATA_SENSITIVITIES.join(", ")}; found "${text}".` };
}

function readTraits(text: string): Cell<ApplicationTrait[]> {
  const listed = readList(text.toLowerCase());
  if (!listed.ok) return listed;
  const traits: ApplicationTrait[] = [];
  for (const entry of listed.value) {
    const trait = APPLICATION_TRAITS.find((candidate) => candidate.key === entry.replace(/\s+/g, "-"));
    if (!trait) return { ok: false, message: `"${entry}" is not a trait; use ${APPLICATION_TRAITS.map((t) => t.key).join(", ")}.` };
    traits.push(trait.key);
  }
  return { ok: true, value: traits };
}

/** An id made from a name: "Order Desk (EU)" → "order-desk-eu". */
export function applicationIdFromName(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug === "" ? "application" : slug;
}

// ---------------------------------------------------------------------------------------------
// Parsing a portfolio

interface DraftApplication {
  line: number;
  explicitId: string | null;
  application: Omit<Application, "id" | "dependsOn">;
  dependsOnNames: { names: string[]; line: number } | null;
}

/** Parses and checks a whole portfolio file. Every problem is reported; rows are returned only when there is none. */
export function parsePortfolioCsv(text: string): PortfolioParseResult {
  const problems: (PortfolioProblem & { order: number })[] = [];
  const reading = readCsvRecords(text.replace(/^\uFEFF/, ""), MAX_PORTFOLIO_APPLICATIONS + 1);
  let columnOrder: Map<string, number> = new Map();
  const report = (line: number, column: string | null, message: string) =>
    problems.push({ line, column, message, order: column === null ? -1 : (columnOrder.get(column) ?? -1) });

  const [header, ...records] = reading.records;
  if (!header) {
    report(1, null, `The file is empty. Its first line must name the columns, e.g. ${PORTFOLIO_COLUMNS.filter((c) => c.required).map((c) => c.name).join(",")}.`);
    return finish([], problems, reading.trailingFaults);
  }

  // The header: which column is which.
  const columns: (PortfolioColumnName | null)[] = [];
  const seen = new Map<PortfolioColumnName, number>();
  for (const [index, field] of header.fields.entries()) {
    const column = COLUMN_BY_NORMALISED_NAME.get(normalisedHeader(withoutFormulaGuard(field.value))) ?? null;
    columns.push(null);
    if (column === null) {
      report(header.line, field.value || `(column ${index + 1})`, `"${field.value}" is not a portfolio column. The columns are: ${PORTFOLIO_COLUMNS.map((c) => c.name).join(", ")}.`);
    } else if (seen.has(column)) {
      report(header.line, column, `The column ${column} appears twice (columns ${seen.get(column)! + 1} and ${index + 1}).`);
    } else {
      seen.set(column, index);
      columns[index] = column;
    }
  }
  columnOrder = new Map(PORTFOLIO_COLUMNS.map((column, index) => [column.name, seen.get(column.name) ?? header.fields.length + index]));
  for (const column of PORTFOLIO_COLUMNS) {
    if (column.required && !seen.has(column.name)) report(header.line, column.name, `The required column ${column.name} is missing.`);
  }
  for (const fault of header.faults) report(fault.line, null, fault.message);

  if (records.length === 0 && reading.trailingFaults.length === 0) {
    report(header.line, null, "There are no applications below the header line.");
  }
  if (reading.overflowLine !== null) {
    report(
      reading.overflowLine,
      null,
      `A portfolio holds at most ${MAX_PORTFOLIO_APPLICATIONS.toLocaleString("en-GB")} applications; this file has more. Split it by department or estate.`,
    );
  }

  const drafts: DraftApplication[] = [];
  for (const record of records) {
    const draft = readApplicationRow(record, columns, report);
    if (draft) drafts.push(draft);
  }
  const applications = resolveApplications(drafts, report);
  return finish(applications, problems, reading.trailingFaults);
}

function finish(
  applications: Application[],
  problems: (PortfolioProblem & { order: number })[],
  trailingFaults: PortfolioProblem[],
): PortfolioParseResult {
  const sorted = problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => a.problem.line - b.problem.line || a.problem.order - b.problem.order || a.index - b.index)
    .map(({ problem: { line, column, message } }) => ({ line, column, message }));
  const all = [...sorted, ...trailingFaults];
  return all.length > 0 ? { rows: [], problems: all } : { rows: applications, problems: [] };
}

function readApplicationRow(
  record: CsvRecord,
  columns: (PortfolioColumnName | null)[],
  report: (line: number, column: string | null, message: string) => void,
): DraftApplication | null {
  const cells = new Map<PortfolioColumnName, CsvField>();
  for (const [index, field] of record.fields.entries()) {
    const column = columns[index];
    if (column) cells.set(column, { value: withoutFormulaGuard(field.value), line: field.line });
  }
  const extra = record.fields.slice(columns.length).filter((field) => field.value !== "");
  if (extra.length > 0) {
    report(
      record.line,
      null,
      `This row has ${record.fields.length} values but the header names ${columns.length} columns. A value holding a comma must be wrapped in double quotes.`,
    );
  }
  for (const fault of record.faults) report(fault.line, columns[fault.fieldIndex] ?? null, fault.message);

  let valid = extra.length === 0 && record.faults.length === 0;
  function cell<T>(column: PortfolioColumnName, read: (text: string) => Cell<T>, fallback: T): T {
    // A missing column was reported once at the header; its cells are not reported again on every row.
    if (columns.indexOf(column) === -1) {
      if (PORTFOLIO_COLUMNS.find((c) => c.name === column)?.required) valid = false;
      return fallback;
    }
    const field = cells.get(column) ?? { value: "", line: record.line };
    const result = read(field.value);
    if (result.ok) return result.value;
    valid = false;
    report(field.line, column, result.message);
    return fallback;
  }

  const name = cell("name", (text) => {
    const checked = readText(text, true);
    if (checked.ok && text.includes(";")) return { ok: false, message: "A name cannot contain a semicolon: semicolons separate names in depends_on." };
    return checked;
  }, "");
  const explicitId = cell("id", (text): Cell<string | null> => {
    if (text === "") return { ok: true, value: null };
    if (text.length > MAX_ID_LENGTH || !ID_PATTERN.test(text)) {
      return { ok: false, message: `An id is up to ${MAX_ID_LENGTH} letters, digits, dots, hyphens or underscores, starting with a letter or digit; found "${text}".` };
    }
    return { ok: true, value: text };
  }, null);
  const owningDepartment = cell("owning_department", (text) => readText(text, true), "");
  const businessProcesses = cell("business_processes", readList, []);
  const criticality = cell<Criticality>("criticality", readCriticality, 1);
  const users = cell("users", (text) => readCount(text, true), null);
  const hourlyTransactions = cell("hourly_transactions", (text) => readCount(text, false), null);
  const peakHourlyTransactions = cell("peak_hourly_transactions", (text) => {
    const peak = readCount(text, false);
    if (peak.ok && peak.value !== null && hourlyTransactions !== null && peak.value < hourlyTransactions) {
      return { ok: false, message: `The peak (${text}) is below the normal hourly figure (${hourlyTransactions}); the peak is the busiest hour.` };
    }
    return peak;
  }, null);
  const peakWindow = cell("peak_window", (text) => readText(text, false), "");
  const hosting = cell<Hosting>("hosting", readHosting, "on-premises");
  const managedByIt = cell("managed_by_it", readYesNo, true);
  const dataSensitivity = cell<DataSensitivity>("data_sensitivity", readSensitivity, "internal");
  const dependsOnNames = cell("depends_on", readList, []);
  const traits = cell("traits", readTraits, []);
  const notes = cell("notes", (text) => readText(text, false, MAX_NOTES_LENGTH, true), "");

  if (!valid) return null;
  return {
    line: record.line,
    explicitId,
    application: {
      name,
      owningDepartment,
      businessProcesses,
      criticality,
      users,
      hourlyTransactions,
      peakHourlyTransactions,
      peakWindow,
      hosting,
      managedByIt,
      dataSensitivity,
      traits,
      notes,
    },
    dependsOnNames: dependsOnNames.length > 0 ? { names: dependsOnNames, line: cells.get("depends_on")?.line ?? record.line } : null,
  };
}

/** Unique names and ids, then dependencies by name. Rows that failed their own checks are already reported and left out. */
function resolveApplications(
  drafts: DraftApplication[],
  report: (line: number, column: string | null, message: string) => void,
): Application[] {
  const lineOfName = new Map<string, number>();
  const lineOfId = new Map<string, number>();
  for (const draft of drafts) {
    const key = draft.application.name.toLowerCase();
    const earlier = lineOfName.get(key);
    if (earlier !== undefined) report(draft.line, "name", `"${draft.application.name}" is already on line ${earlier}; every application needs its own name.`);
    else lineOfName.set(key, draft.line);
    if (draft.explicitId === null) continue;
    const earlierId = lineOfId.get(draft.explicitId);
    if (earlierId !== undefined) report(draft.line, "id", `The id "${draft.explicitId}" is already on line ${earlierId}.`);
    else lineOfId.set(draft.explicitId, draft.line);
  }

  // Ids made from names never clash with a given id or with each other: -2, -3… in file order.
  const taken = new Set(lineOfId.keys());
  const ids = drafts.map((draft) => {
    if (draft.explicitId !== null) return draft.explicitId;
    const base = applicationIdFromName(draft.application.name);
    let id = base;
    for (let suffix = 2; taken.has(id); suffix += 1) id = `${base}-${suffix}`;
    taken.add(id);
    return id;
  });

  const idOfName = new Map<string, string>();
  drafts.forEach((draft, index) => {
    if (!idOfName.has(draft.application.name.toLowerCase())) idOfName.set(draft.application.name.toLowerCase(), ids[index]);
  });
  const knownIds = new Set(ids);

  return drafts.map((draft, index): Application => {
    const dependsOn: string[] = [];
    for (const name of draft.dependsOnNames?.names ?? []) {
      const id = idOfName.get(name.toLowerCase()) ?? (knownIds.has(name) ? name : undefined);
      const line = draft.dependsOnNames?.line ?? draft.line;
      if (id === undefined) {
        report(line, "depends_on", `There is no application named "${name}" in this file. Dependencies name other applications in the file, separated by semicolons.`);
      } else if (id === ids[index]) {
        report(line, "depends_on", "An application cannot depend on itself.");
      } else if (!dependsOn.includes(id)) {
        dependsOn.push(id);
      }
    }
    return { id: ids[index], ...draft.application, dependsOn };
  });
}

// ---------------------------------------------------------------------------------------------
// Export

/**
 * Whether a spreadsheet could run this cell as a formula when the file is opened. Such a cell is
 * written with a leading ' (which spreadsheets read as "this is text") and imports back unchanged.
 */
function neutralisedFormula(text: string): string {
  return FORMULA_TRIGGERS.includes(text.charAt(0)) ? `'${text}` : text;
}

function csvCell(text: string): string {
  const safe = neutralisedFormula(text);
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** An application's values as the import reads them, column by column (dependencies by name). */
export function applicationCells(application: Application, nameOfId: ReadonlyMap<string, string>): Record<PortfolioColumnName, string> {
  return {
    name: application.name,
    id: application.id,
    owning_department: application.owningDepartment,
    business_processes: application.businessProcesses.join("; "),
    criticality: String(application.criticality),
    users: application.users === null ? "" : String(application.users),
    hourly_transactions: application.hourlyTransactions === null ? "" : String(application.hourlyTransactions),
    peak_hourly_transactions: application.peakHourlyTransactions === null ? "" : String(application.peakHourlyTransactions),
    peak_window: application.peakWindow,
    hosting: application.hosting,
    managed_by_it: application.managedByIt ? "yes" : "no",
    data_sensitivity: application.dataSensitivity,
    depends_on: application.dependsOn.map((id) => nameOfId.get(id) ?? id).join("; "),
    traits: application.traits.join("; "),
    notes: application.notes,
  };
}

/**
 * The portfolio as a CSV file that parsePortfolioCsv reads back unchanged: every column, a header
 * line, CRLF line ends and a UTF-8 byte-order mark (so Excel shows "–" and "£" correctly).
 * Dependencies are written by name. Cells that a spreadsheet would run as a formula are neutralised.
 */
export function portfolioToCsv(applications: readonly Application[]): string {
  const nameOfId = new Map(applications.map((application) => [application.id, application.name]));
  const cellsOf = (application: Application) => applicationCells(application, nameOfId);
  const lines = [PORTFOLIO_COLUMNS.map((column) => column.name).join(",")];
  for (const application of applications) {
    const cells = cellsOf(application);
    lines.push(PORTFOLIO_COLUMNS.map((column) => csvCell(cells[column.name])).join(","));
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

// ---------------------------------------------------------------------------------------------
// Questions about a portfolio

/** For each application id, the ids of the applications that depend on it (known applications only). */
export function dependentsOf(applications: readonly Application[]): Map<string, string[]> {
  const dependents = new Map<string, string[]>(applications.map((application) => [application.id, []]));
  for (const application of applications) {
    for (const dependency of application.dependsOn) dependents.get(dependency)?.push(application.id);
  }
  return dependents;
}
