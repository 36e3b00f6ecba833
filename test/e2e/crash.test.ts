import { describe, expect, it } from "vitest";
import { runCrashTest } from "../crash/crash-harness";

// The short form of `npm run test:crash`, so the promise is checked on every run.
describe("an acknowledged answer survives kill -9", () => {
  it("loses nothing acknowledged across three SIGKILLs under autosave load", async () => {
    const results = await runCrashTest({ rounds: 3 });
    expect(results.every((r) => r.acknowledged > 0)).toBe(true);
    expect(results.map((r) => r.lost)).toEqual([0, 0, 0]);
    expect(results.map((r) => r.integrity)).toEqual(["ok", "ok", "ok"]);
  }, 180_000);
});
