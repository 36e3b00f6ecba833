import { describe, expect, it } from "vitest";
import { can, found, PERMISSIONS, safeRedirectPath } from "../../app/auth/access.server";
import { RateLimiter } from "../../app/auth/rate-limit.server";

describe("role permissions", () => {
  it("lets consultants and admins change customers, and sales only read them", () => {
    expect(can({ role: "consultant" }, "customers:write")).toBe(true);
    expect(can({ role: "admin" }, "customers:write")).toBe(true);
    expect(can({ role: "sales" }, "customers:write")).toBe(false);
    expect(can({ role: "sales" }, "customers:read")).toBe(true);
    expect(can({ role: "sales" }, "reports:download")).toBe(true);
  });

  it("keeps users, branding and the audit log to admins", () => {
    for (const permission of ["users:manage", "branding:manage", "audit:read"] as const) {
      expect(PERMISSIONS[permission]).toEqual(["admin"]);
      expect(can({ role: "consultant" }, permission)).toBe(false);
    }
  });
});

describe("found", () => {
  it("throws a 404 response for a missing record", () => {
    expect(found("x")).toBe("x");
    try {
      found(undefined, "Customer");
      expect.unreachable();
    } catch (thrown) {
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(404);
    }
  });
});

describe("safeRedirectPath", () => {
  it("keeps same-site paths and refuses anything that leaves the site", () => {
    expect(safeRedirectPath("/customers/1?x=2")).toBe("/customers/1?x=2");
    expect(safeRedirectPath("//evil.example/")).toBe("/");
    expect(safeRedirectPath("/\\evil.example")).toBe("/");
    expect(safeRedirectPath("https://evil.example")).toBe("/");
    expect(safeRedirectPath(null, "/dashboard")).toBe("/dashboard");
  });
});

describe("RateLimiter", () => {
  it("allows up to the limit in a window, then says how long to wait", () => {
    const limiter = new RateLimiter(3, 60_000);
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterSeconds("k", t0 + i)).toBe(0);
      limiter.record("k", t0 + i);
    }
    expect(limiter.retryAfterSeconds("k", t0 + 10)).toBe(60);
    expect(limiter.retryAfterSeconds("other", t0 + 10)).toBe(0);
    expect(limiter.retryAfterSeconds("k", t0 + 60_001)).toBe(0);
  });

  it("forgets a key when reset", () => {
    const limiter = new RateLimiter(1, 60_000);
    limiter.record("k");
    expect(limiter.retryAfterSeconds("k")).toBeGreaterThan(0);
    limiter.reset("k");
    expect(limiter.retryAfterSeconds("k")).toBe(0);
  });
});
