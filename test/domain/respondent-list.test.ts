import { describe, expect, it } from "vitest";
import { findRespondentGroup, MAX_RESPONDENTS_PER_LIST, parseRespondentList } from "~/domain/respondent-list";

describe("parsing a pasted list of respondents", () => {
  it("reads comma-separated lines, lower-casing emails and ignoring blank lines", () => {
    const result = parseRespondentList("Jane Doe, Jane.Doe@Contoso.example, it\n\n  \nRaj Patel, raj@contoso.example, business\n");
    expect(result).toEqual({
      ok: true,
      respondents: [
        { line: 1, name: "Jane Doe", email: "jane.doe@contoso.example", group: "it" },
        { line: 4, name: "Raj Patel", email: "raj@contoso.example", group: "business" },
      ],
    });
  });

  it("reads a tab-separated spreadsheet paste, where a name may contain a comma", () => {
    const result = parseRespondentList("Doe, Jane\tjane@contoso.example\tEngineering\r\nLee, Sam\tsam@contoso.example\tExecutive\t\t\r\n");
    expect(result).toEqual({
      ok: true,
      respondents: [
        { line: 1, name: "Doe, Jane", email: "jane@contoso.example", group: "engineering" },
        { line: 2, name: "Lee, Sam", email: "sam@contoso.example", group: "executive" },
      ],
    });
  });

  it("takes a group by key or by name in any case", () => {
    expect(["it", "IT", "Engineering", "ENGINEERING", "business", " Executive ", "other"].map(findRespondentGroup)).toEqual([
      "it",
      "it",
      "engineering",
      "engineering",
      "business",
      "executive",
      "other",
    ]);
    expect(findRespondentGroup("Finance")).toBeNull();
  });

  it("needs a name or an email but not both, and understands two fields as one of them and the group", () => {
    const result = parseRespondentList(", anon@contoso.example, it\nNo Email Person, , business\nanna@contoso.example, other\nBo Chen, executive");
    expect(result).toEqual({
      ok: true,
      respondents: [
        { line: 1, name: null, email: "anon@contoso.example", group: "it" },
        { line: 2, name: "No Email Person", email: null, group: "business" },
        { line: 3, name: null, email: "anna@contoso.example", group: "other" },
        { line: 4, name: "Bo Chen", email: null, group: "executive" },
      ],
    });
  });

  it("skips a header line of name, email, group", () => {
    const result = parseRespondentList("Name\tEmail\tGroup\nJane\tjane@contoso.example\tIT");
    expect(result).toEqual({ ok: true, respondents: [{ line: 2, name: "Jane", email: "jane@contoso.example", group: "it" }] });
  });

  it("reports every bad line with its line number and reason, and accepts nobody", () => {
    const text = [
      "Good Person, good@contoso.example, it", // 1
      "Bad Email, not-an-address, it", // 2
      "", // 3
      "Unknown Group, ug@contoso.example, Finance", // 4
      ", , business", // 5
      "just-one-field", // 6
      "a, b@contoso.example, it, extra", // 7
      "Again, GOOD@contoso.example, business", // 8
      "No Group, ng@contoso.example,", // 9
      "Forgot Group, fg@contoso.example", // 10
    ].join("\n");
    const result = parseRespondentList(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.summary).toBe("8 lines need fixing; nobody was added.");
    expect(result.problems).toEqual([
      { line: 2, reason: '"not-an-address" is not a valid email address.' },
      { line: 4, reason: '"Finance" is not a group: use IT, Engineering, Business, Executive or Other.' },
      { line: 5, reason: "Give a name or an email address (or both)." },
      { line: 6, reason: "Expected name, email, group separated by commas or tabs." },
      { line: 7, reason: "Expected 3 fields (name, email, group) but found 4. If a name contains a comma, separate the fields with tabs." },
      { line: 8, reason: "good@contoso.example is already on line 1." },
      { line: 9, reason: "The group is missing: use IT, Engineering, Business, Executive or Other." },
      { line: 10, reason: "The group is missing: use IT, Engineering, Business, Executive or Other." },
    ]);
  });

  it("refuses names that are too long or carry control characters", () => {
    const result = parseRespondentList(`${"x".repeat(121)}, , it\nBell\u0007, , it`);
    expect(result).toEqual({
      ok: false,
      summary: "2 lines need fixing; nobody was added.",
      problems: [
        { line: 1, reason: "The name must be at most 120 characters." },
        { line: 2, reason: "The name must be plain text." },
      ],
    });
  });

  it("accepts exactly the limit and refuses one more", () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => `Person ${i + 1}, p${i + 1}@contoso.example, it`).join("\n");
    const atLimit = parseRespondentList(list(MAX_RESPONDENTS_PER_LIST));
    expect(atLimit.ok && atLimit.respondents.length).toBe(500);
    expect(parseRespondentList(list(MAX_RESPONDENTS_PER_LIST + 1))).toEqual({
      ok: false,
      summary: "A list can hold at most 500 people and this one has 501. Split it and add it in parts.",
      problems: [],
    });
  });

  it("asks for at least one person when the list is empty", () => {
    expect(parseRespondentList(" \n\n")).toEqual({ ok: false, summary: "Paste at least one person: name, email, group.", problems: [] });
  });
});
