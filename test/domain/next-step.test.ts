import { describe, expect, it } from "vitest";
import { nextStepFor } from "../../app/domain/next-step";

const open = { status: "open" as const, createdAt: "2026-01-10T00:00:00Z", closedAt: null, invited: 10, answered: 0, completed: 0 };

describe("next step for a customer", () => {
  it("starts with a baseline", () => expect(nextStepFor(null)).toBe("Start a baseline assessment"));
  it("asks for respondents before anything else", () => expect(nextStepFor({ ...open, invited: 0 })).toBe("Invite respondents"));
  it("chases until half have completed", () => {
    expect(nextStepFor({ ...open, completed: 4 })).toBe("Chase responses (4 of 10 completed)");
    expect(nextStepFor({ ...open, completed: 5 })).toBe("Review the results and close the assessment");
  });
  it("turns a closed assessment into a plan, and after six months into a re-assessment", () => {
    const closed = { ...open, status: "closed" as const, closedAt: "2026-01-31T00:00:00Z" };
    expect(nextStepFor(closed, new Date("2026-07-15T00:00:00Z"))).toBe("Agree the stepping-stone plan");
    expect(nextStepFor(closed, new Date("2026-07-31T00:00:00Z"))).toBe("Re-assess to measure progress");
  });
});
