import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "../../app/domain/csv";

describe("CSV export", () => {
  it("quotes commas, quotes and newlines", () => {
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell(null)).toBe("");
    expect(csvCell(["a", "b"])).toBe('"[""a"",""b""]"');
  });

  it("neutralises spreadsheet formulas", () => {
    expect(csvCell("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell(-5)).toBe("-5");
  });

  it("writes a BOM and CRLF rows", () => {
    expect(toCsv(["a", "b"], [[1, "Zoë"]])).toBe("\uFEFFa,b\r\n1,Zoë\r\n");
  });
});
