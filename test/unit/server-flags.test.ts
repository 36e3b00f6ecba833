import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SERVER_NODE_FLAGS } from "../../app/server/node-flags";

describe("the production server's Node flags", () => {
  it("are the ones `npm start` passes, so tests and benchmarks run the server users run", () => {
    const { scripts } = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
    expect(scripts.start).toBe(["tsx", ...SERVER_NODE_FLAGS, "app/server/start.ts"].join(" "));
  });
});
