import { describe, expect, it } from "vitest";
import { checkApplicationEdit, formValuesOf } from "~/domain/portfolio-edits";
import { parsePortfolioCsv } from "~/domain/portfolio";

const portfolio = parsePortfolioCsv(
  [
    "name,owning_department,criticality,hosting,managed_by_it,data_sensitivity,depends_on,notes",
    'Ledger,Finance,3,on-premises,yes,confidential,,"Two\nlines"',
    "Order desk,Sales,4,on-premises,yes,internal,Ledger,",
  ].join("\r\n"),
).rows;

const valid = { name: "Payroll", owning_department: "HR", criticality: "4", hosting: "saas", managed_by_it: "no", data_sensitivity: "restricted", depends_on: "ledger" };

describe("adding or editing one application", () => {
  it("accepts what an import would, resolving dependencies by name", () => {
    const result = checkApplicationEdit(portfolio, valid, null);
    expect(result).toMatchObject({ ok: true, application: { id: "payroll", name: "Payroll", dependsOn: ["ledger"], managedByIt: false, criticality: 4 } });
  });

  it("refuses what an import would, with the import's words and no line numbers", () => {
    const clash = checkApplicationEdit(portfolio, { ...valid, name: "ledger" }, null);
    expect(clash).toEqual({ ok: false, fieldErrors: { name: '"ledger" is already in the portfolio; every application needs its own name.' }, formError: null });
    const result = checkApplicationEdit(portfolio, { ...valid, criticality: "9", hosting: "mainframe", depends_on: "Nothing" }, null);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors).sort()).toEqual(["criticality", "hosting"]);
    expect(result.fieldErrors.hosting).toContain('found "mainframe"');
  });

  it("keeps an edited application's id, and lets it keep its own name", () => {
    const values = { ...formValuesOf(portfolio[0], portfolio), id: "renamed", owning_department: "Group finance" };
    const result = checkApplicationEdit(portfolio, values, "ledger");
    expect(result).toMatchObject({ ok: true, application: { id: "ledger", owningDepartment: "Group finance", notes: "Two\nlines" } });
  });

  it("refuses a dependency on itself", () => {
    const result = checkApplicationEdit(portfolio, { ...formValuesOf(portfolio[1], portfolio), depends_on: "Order desk" }, "order-desk");
    expect(result).toMatchObject({ ok: false, fieldErrors: { depends_on: "An application cannot depend on itself." } });
  });
});
