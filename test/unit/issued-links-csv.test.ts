import { describe, expect, it } from "vitest";
import { linksCsv } from "../../app/components/issued-links-panel";

describe("the CSV of issued links", () => {
  it("has name, email, group, link and expiry, and a name typed as a formula arrives as text", () => {
    const csv = linksCsv([
      { respondentId: "r1", who: "x", name: "=HYPERLINK(\"http://evil\")", email: "a@b.example", groupName: "IT", url: "http://cairn.test/s/abc", expiresAt: "2026-12-31T00:00:00.000Z" },
      { respondentId: "r2", who: "y", name: null, email: "+c@d.example", groupName: "Business", url: "http://cairn.test/s/def", expiresAt: "2026-12-31T00:00:00.000Z" },
    ]);
    expect(csv.split("\r\n")).toEqual([
      "\uFEFFname,email,group,link,expiry",
      `"'=HYPERLINK(""http://evil"")",a@b.example,IT,http://cairn.test/s/abc,2026-12-31T00:00:00.000Z`,
      ",'+c@d.example,Business,http://cairn.test/s/def,2026-12-31T00:00:00.000Z",
      "",
    ]);
  });
});
