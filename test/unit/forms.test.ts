import { describe, expect, it } from "vitest";
import { z } from "zod";
import { contrastWithWhite, sniffLogoType } from "../../app/domain/colour";
import { multiLine, parseForm, singleLine } from "../../app/utils/forms.server";

function form(values: Record<string, string>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.append(k, v);
  return data;
}

describe("form parsing", () => {
  const Schema = z.object({ name: singleLine("Name", { min: 1, max: 10 }), notes: multiLine("Notes", { max: 20 }) });

  it("trims and accepts good input", () => {
    const result = parseForm(form({ name: "  Acme  ", notes: "line one\r\nline two" }), Schema);
    expect(result).toMatchObject({ ok: true, data: { name: "Acme", notes: "line one\nline two" } });
  });

  it("gives one clear message per bad field and echoes the values back", () => {
    const result = parseForm(form({ name: "   ", notes: "x".repeat(21) }), Schema);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors).toEqual({ name: "Name is required.", notes: "Notes must be at most 20 characters." });
    expect(result.values.notes).toHaveLength(21);
  });

  it("refuses NUL bytes and other control characters", () => {
    const result = parseForm(form({ name: "Ac\u0000me", notes: "bell\u0007" }), Schema);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors).sort()).toEqual(["name", "notes"]);
  });

  it("reports a missing field as required", () => {
    const result = parseForm(form({}), Schema);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fieldErrors.name).toBe("Name is required.");
  });
});

describe("branding checks", () => {
  it("measures contrast with white text", () => {
    expect(contrastWithWhite("#000000")).toBeCloseTo(21, 5);
    expect(contrastWithWhite("#ffffff")).toBeCloseTo(1, 5);
    expect(contrastWithWhite("#0f766e")).toBeGreaterThan(4.5);
  });

  it("tells PNG and JPEG by their first bytes, and nothing else", () => {
    expect(sniffLogoType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe("image/png");
    expect(sniffLogoType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffLogoType(new TextEncoder().encode("<svg onload=alert(1)>"))).toBeNull();
  });
});
