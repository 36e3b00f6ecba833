import { describe, expect, it } from "vitest";
import {
  MAX_PORTFOLIO_APPLICATIONS,
  PORTFOLIO_COLUMNS,
  applicationIdFromName,
  dependentsOf,
  parsePortfolioCsv,
  portfolioToCsv,
  type Application,
} from "~/domain/portfolio";

const HEADER = "name,owning_department,business_processes,criticality,users,hourly_transactions,peak_hourly_transactions,peak_window,hosting,managed_by_it,data_sensitivity,depends_on,traits,notes";

const goodFile = [
  HEADER,
  "Customer database,IT,Take orders; Invoice,5,0,4000,12000,Month end,on-premises,yes,confidential,,virtualised; database-heavy,",
  "Order desk,Sales,Take orders,4,350,1200,5000,Mon 09:00–11:00,on-premises,yes,confidential,Customer database,virtualised,Busy before Christmas",
  "Marketing planner,Marketing,Plan campaigns,2,12,,,,saas,no,internal,,,Bought on a credit card",
].join("\n");

function application(overrides: Partial<Application> & Pick<Application, "id" | "name">): Application {
  return {
    owningDepartment: "IT",
    businessProcesses: [],
    criticality: 3,
    users: 100,
    hourlyTransactions: 10,
    peakHourlyTransactions: 20,
    peakWindow: "",
    hosting: "on-premises",
    managedByIt: true,
    dataSensitivity: "internal",
    dependsOn: [],
    traits: [],
    notes: "",
    ...overrides,
  };
}

describe("parsing a good portfolio file", () => {
  const result = parsePortfolioCsv(goodFile);

  it("reads every row with no problems", () => {
    expect(result.problems).toEqual([]);
    expect(result.rows).toHaveLength(3);
  });

  it("reads every field into its type", () => {
    expect(result.rows[1]).toEqual({
      id: "order-desk",
      name: "Order desk",
      owningDepartment: "Sales",
      businessProcesses: ["Take orders"],
      criticality: 4,
      users: 350,
      hourlyTransactions: 1200,
      peakHourlyTransactions: 5000,
      peakWindow: "Mon 09:00–11:00",
      hosting: "on-premises",
      managedByIt: true,
      dataSensitivity: "confidential",
      dependsOn: ["customer-database"],
      traits: ["virtualised"],
      notes: "Busy before Christmas",
    });
  });

  it("splits lists on semicolons and treats empty volumes as not known", () => {
    expect(result.rows[0].businessProcesses).toEqual(["Take orders", "Invoice"]);
    expect(result.rows[0].traits).toEqual(["virtualised", "database-heavy"]);
    expect(result.rows[2]).toMatchObject({ users: 12, hourlyTransactions: null, peakHourlyTransactions: null, managedByIt: false, hosting: "saas" });
  });

  it("accepts headers in any order and any spelling of case, spaces and underscores", () => {
    const file = ["Data Sensitivity,Name,owningDepartment,CRITICALITY,Hosting,managed-by-it", "public,Intranet,HR,1,On Premises,Yes"].join("\n");
    const parsed = parsePortfolioCsv(file);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows[0]).toMatchObject({ id: "intranet", name: "Intranet", hosting: "on-premises", dataSensitivity: "public", managedByIt: true, users: null });
  });

  it("keeps a given id, and makes distinct ids from names otherwise", () => {
    const file = ["name,id,owning_department,criticality,hosting,managed_by_it,data_sensitivity", "A & B,,IT,1,saas,yes,public", "A B,,IT,1,saas,yes,public", "Other,a-b,IT,1,saas,yes,public"].join("\n");
    // "a-b" is given to Other, so "A & B" becomes a-b-2 and "A B" a-b-3.
    expect(parsePortfolioCsv(file).rows.map((row) => row.id)).toEqual(["a-b-2", "a-b-3", "a-b"]);
    expect(applicationIdFromName("Órder Desk (EU)")).toBe("order-desk-eu");
  });

  it("resolves dependencies by name in any case, and by id", () => {
    const file = ["name,id,owning_department,criticality,hosting,managed_by_it,data_sensitivity,depends_on", "Ledger,APP-1,Finance,3,on-premises,yes,internal,", "Payroll,,Finance,3,on-premises,yes,internal,ledger", "Reports,,Finance,2,on-premises,yes,internal,APP-1; Payroll"].join("\n");
    const rows = parsePortfolioCsv(file).rows;
    expect(rows.map((row) => row.dependsOn)).toEqual([[], ["APP-1"], ["APP-1", "payroll"]]);
  });
});

describe("a file with bad rows", () => {
  const file = [
    HEADER, // line 1
    "Good app,IT,,3,10,5,10,,on-premises,yes,internal,,,", // line 2: fine
    ",IT,,7,ten,5,2,,cloud,maybe,secret,,quantum,", // line 3: name, criticality, users, peak<normal, hosting, managed, sensitivity, traits
    "Good app,IT,,3,10,5,10,,on-premises,yes,internal,Nowhere,,", // line 4: duplicate name, unknown dependency
    "Loop,IT,,3,10,5,10,,on-premises,yes,internal,Loop,,", // line 5: depends on itself
    "Extra,IT,,3,10,5,10,,on-premises,yes,internal,,,,surplus", // line 6: too many values
  ].join("\n");
  const result = parsePortfolioCsv(file);

  it("yields no rows at all", () => {
    expect(result.rows).toEqual([]);
  });

  it("reports every problem with its line and column, in file order", () => {
    expect(result.problems.map((p) => [p.line, p.column])).toEqual([
      [3, "name"],
      [3, "criticality"],
      [3, "users"],
      [3, "peak_hourly_transactions"],
      [3, "hosting"],
      [3, "managed_by_it"],
      [3, "data_sensitivity"],
      [3, "traits"],
      [4, "name"],
      [4, "depends_on"],
      [5, "depends_on"],
      [6, null],
    ]);
  });

  it("says what is wrong and what is expected", () => {
    const message = (line: number, column: string | null) => result.problems.find((p) => p.line === line && p.column === column)?.message;
    expect(message(3, "criticality")).toBe('Expected a whole number from 1 to 5; found "7".');
    expect(message(3, "hosting")).toBe('Expected one of on-premises, colocation, saas, public-cloud; found "cloud".');
    expect(message(3, "peak_hourly_transactions")).toContain("below the normal hourly figure");
    expect(message(4, "name")).toBe('"Good app" is already on line 2; every application needs its own name.');
    expect(message(4, "depends_on")).toContain('no application named "Nowhere"');
    expect(message(5, "depends_on")).toBe("An application cannot depend on itself.");
    expect(message(6, null)).toContain("This row has 15 values but the header names 14 columns");
  });

  it("reports header problems: unknown, duplicate and missing required columns", () => {
    const parsed = parsePortfolioCsv(["name,name,colour,criticality,hosting,managed_by_it", "A,A,red,1,saas,yes"].join("\n"));
    expect(parsed.rows).toEqual([]);
    expect(parsed.problems.map((p) => [p.line, p.column])).toEqual([
      [1, "name"],
      [1, "colour"],
      [1, "owning_department"],
      [1, "data_sensitivity"],
    ]);
  });

  it("reports an empty file and a header with no rows", () => {
    expect(parsePortfolioCsv("").problems).toEqual([{ line: 1, column: null, message: expect.stringContaining("The file is empty") }]);
    expect(parsePortfolioCsv(`${HEADER}\n`).problems).toEqual([{ line: 1, column: null, message: "There are no applications below the header line." }]);
  });

  it("reports a quote inside an unquoted field and text after a closing quote", () => {
    const parsed = parsePortfolioCsv([HEADER, 'Say "hi",IT,,1,,,,,saas,yes,public,,,', 'Hi,"IT" dept,,1,,,,,saas,yes,public,,,'].join("\n"));
    expect(parsed.problems.map((p) => [p.line, p.column])).toEqual([
      [2, "name"],
      [3, "owning_department"],
    ]);
  });

  it("reports a quote that is never closed at the line it opens", () => {
    const parsed = parsePortfolioCsv([HEADER, 'A,IT,,1,,,,,saas,yes,public,,,"never closed', "B,IT,,1,,,,,saas,yes,public,,,"].join("\n"));
    expect(parsed.rows).toEqual([]);
    expect(parsed.problems).toEqual([{ line: 2, column: null, message: expect.stringContaining("never closed") }]);
  });
});

describe("CSV quoting and line ends", () => {
  it("reads quoted fields holding commas, doubled quotes and line breaks, and counts lines across them", () => {
    const file = [
      HEADER,
      '"Stock, warehouse",Logistics,"Pick; Pack",3,40,,,,colocation,yes,internal,,,"Line one',
      'Line two, with ""quotes"""',
      "Next,Logistics,,2,5,,,,colocation,yes,internal,,,x,",
      "Bad,Logistics,,9,5,,,,colocation,yes,internal,,,",
    ].join("\n");
    const parsed = parsePortfolioCsv(file);
    // Line 4 has a trailing empty field (harmless); line 5's criticality is the only problem, on line 5 not 4.
    expect(parsed.problems).toEqual([{ line: 5, column: "criticality", message: 'Expected a whole number from 1 to 5; found "9".' }]);
    const fixed = parsePortfolioCsv(file.replace("Bad,Logistics,,9", "Fine,Logistics,,1"));
    expect(fixed.rows[0].name).toBe("Stock, warehouse");
    expect(fixed.rows[0].businessProcesses).toEqual(["Pick", "Pack"]);
    expect(fixed.rows[0].notes).toBe('Line one\nLine two, with "quotes"');
  });

  it("ignores a byte-order mark, reads CRLF line ends and skips blank rows", () => {
    const file = `\uFEFF${goodFile.split("\n").join("\r\n")}\r\n\r\n,,,,,,,,,,,,,\r\n`;
    const parsed = parsePortfolioCsv(file);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual(parsePortfolioCsv(goodFile).rows);
  });

  it("reads CRLF inside a quoted field as a line break", () => {
    const parsed = parsePortfolioCsv(`${HEADER}\r\nA,IT,,1,,,,,saas,yes,public,,,"one\r\ntwo"\r\n`);
    expect(parsed.rows[0].notes).toBe("one\ntwo");
  });

  it("reads thousands separators in volumes", () => {
    const parsed = parsePortfolioCsv(`${HEADER}\nA,IT,,1,"1,200",2 500,"10,000.5",,saas,yes,public,,,`);
    expect(parsed.rows[0]).toMatchObject({ users: 1200, hourlyTransactions: 2500, peakHourlyTransactions: 10000.5 });
  });
});

describe("exporting a portfolio", () => {
  const risky = [
    application({ id: "a", name: "=HYPERLINK(\"http://evil\")", notes: "+1 555", peakWindow: "-quarter end", owningDepartment: "@ops" }),
    application({ id: "b", name: "Plain, with comma", notes: "\tindented", dependsOn: ["a"], businessProcesses: ["\rodd"] }),
  ];
  const csv = portfolioToCsv(risky);

  it("starts every risky cell with an apostrophe so a spreadsheet shows it as text", () => {
    const line = csv.split("\r\n")[1];
    expect(line.startsWith(`"'=HYPERLINK(""http://evil"")"`)).toBe(true);
    expect(line).toContain(",'@ops,");
    expect(line).toContain(",'-quarter end,");
    expect(line).toContain(",'+1 555");
    // Leading tab and CR are guarded too; the CR also needs quotes, the tab does not.
    expect(csv).toContain(",'\tindented\r\n");
    expect(csv).toContain(`,"'\rodd",`);
    // A dependency is written by name: the risky name, neutralised too.
    expect(csv.split("\r\n")[2]).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });

  it("writes a header of every column, CRLF line ends and a byte-order mark", () => {
    expect(csv.startsWith(`\uFEFF${PORTFOLIO_COLUMNS.map((c) => c.name).join(",")}\r\n`)).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
  });

  it("reads back as the same portfolio", () => {
    const portfolio = [
      application({ id: "db", name: "Customer database", criticality: 5, users: null, traits: ["database-heavy"], notes: "two\nlines" }),
      application({ id: "APP-7", name: "Order desk, EU", dependsOn: ["db"], businessProcesses: ["Take orders", "Invoice"], peakWindow: "Mon 09:00–11:00" }),
      application({ id: "risky", name: "-Legacy", notes: "=1+1", hosting: "saas", managedByIt: false, dataSensitivity: "restricted" }),
    ];
    const parsed = parsePortfolioCsv(portfolioToCsv(portfolio));
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual(portfolio);
  });
});

describe("large files", () => {
  function bigFile(count: number): string {
    const lines = [HEADER];
    for (let i = 1; i <= count; i += 1) {
      // Each application after the first depends on the one before it.
      const dependsOn = i > 1 ? `App ${i - 1}` : "";
      lines.push(`App ${i},Dept ${i % 7},Process ${i % 11},${(i % 5) + 1},${i * 3},${i},${i * 2},Month end,on-premises,yes,internal,${dependsOn},,"Note, ${i}"`);
    }
    return lines.join("\r\n");
  }

  it("parses a 500-application file", () => {
    const parsed = parsePortfolioCsv(bigFile(500));
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toHaveLength(500);
    expect(parsed.rows[499]).toMatchObject({ id: "app-500", criticality: 1, users: 1500, dependsOn: ["app-499"], notes: "Note, 500" });
  });

  it("refuses more than the maximum, naming the first line beyond it, and returns nothing", () => {
    const parsed = parsePortfolioCsv(bigFile(MAX_PORTFOLIO_APPLICATIONS + 1));
    expect(parsed.rows).toEqual([]);
    // Header on line 1, so application 5,001 is on line 5,002.
    expect(parsed.problems).toEqual([{ line: MAX_PORTFOLIO_APPLICATIONS + 2, column: null, message: expect.stringContaining("at most 5,000") }]);
  });
});

describe("dependents", () => {
  it("lists, for each application, the applications that depend on it", () => {
    const apps = [application({ id: "a", name: "A" }), application({ id: "b", name: "B", dependsOn: ["a", "ghost"] }), application({ id: "c", name: "C", dependsOn: ["a"] })];
    expect(Object.fromEntries(dependentsOf(apps))).toEqual({ a: ["b", "c"], b: [], c: [] });
  });
});
