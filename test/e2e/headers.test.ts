/*
 * The HTTP layer of the real production server (app/server/http.ts and the session cookie), read
 * with fetch: security headers on every kind of response, the per-response CSP nonce, the Origin
 * check, the session cookie's attributes with and without secure cookies, and the 429s that stop
 * guessing. No browser is needed; the server is the same one the browser tests use.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { DEMO_PASSWORD, startCairn, type RunningCairn } from "./support/cairn-server";

const CONSULTANT = "consultant@northwind.example";

function cspDirectives(header: string | null): Map<string, string> {
  return new Map(
    (header ?? "")
      .split(";")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name, values.join(" ")];
      }),
  );
}

function nonceOf(header: string | null): string | null {
  return /'nonce-([^']+)'/.exec(cspDirectives(header).get("script-src") ?? "")?.[1] ?? null;
}

function signInBody(email: string, password: string) {
  return new URLSearchParams({ email, password, redirectTo: "/dashboard" });
}

describe("HTTP headers, Origin check, cookies and rate limits of the production server", () => {
  let cairn: RunningCairn;
  let sessionCookie: string;

  beforeAll(async () => {
    cairn = await startCairn();
    const response = await fetch(`${cairn.baseUrl}/login`, { method: "POST", body: signInBody(CONSULTANT, DEMO_PASSWORD), redirect: "manual", headers: { Origin: cairn.baseUrl } });
    expect(response.status).toBe(302);
    sessionCookie = response.headers.get("set-cookie")!.split(";")[0];
  });
  afterAll(async () => {
    await cairn?.stop();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${cairn.baseUrl}${path}`, { redirect: "manual", headers: { Cookie: sessionCookie, ...headers } });

  it("sends a Content-Security-Policy with a fresh nonce per response, matching every script on the page", async () => {
    const [first, second] = [await get("/dashboard"), await get("/dashboard")];
    expect(first.status).toBe(200);
    const [nonceA, nonceB] = [nonceOf(first.headers.get("content-security-policy")), nonceOf(second.headers.get("content-security-policy"))];
    expect(nonceA).toMatch(/^[A-Za-z0-9+/=]{16,}$/);
    expect(nonceB).toMatch(/^[A-Za-z0-9+/=]{16,}$/);
    expect(nonceA).not.toBe(nonceB);

    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) expect(/\bnonce="([^"]+)"/.exec(attributes)?.[1], `<script${attributes}>`).toBe(nonceA);
    // Nothing on the page may run without the nonce: no inline event handlers, no javascript: URLs.
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
    await second.text();
  });

  it("locks the policy down: no plugins, no <base>, no framing, scripts only from here with the nonce", async () => {
    const csp = cspDirectives((await get("/login")).headers.get("content-security-policy"));
    expect(csp.get("object-src")).toBe("'none'");
    expect(csp.get("base-uri")).toBe("'none'");
    expect(csp.get("frame-ancestors")).toBe("'none'");
    expect(csp.get("default-src")).toBe("'self'");
    expect(csp.get("form-action")).toBe("'self'");
    const scriptSrc = csp.get("script-src") ?? "";
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(scriptSrc).not.toContain("*");
  });

  it("sends nosniff, no-referrer, DENY and no X-Powered-By on every kind of response", async () => {
    const assetPath = /"(\/build\/[^"]+\.js)"/.exec(await (await get("/dashboard")).text())?.[1];
    expect(assetPath).toBeTruthy();
    const responses = {
      page: await get("/dashboard"),
      "signed-out redirect": await fetch(`${cairn.baseUrl}/customers`, { redirect: "manual" }),
      "not found": await get("/customers/00000000-0000-0000-0000-000000000000"),
      "no route": await get("/no/such/page"),
      "health check": await get("/healthz"),
      "build asset": await get(assetPath!),
      "survey link": await get(`/s/${randomBytes(32).toString("base64url")}`),
      autosave: await fetch(`${cairn.baseUrl}/survey/00000000-0000-0000-0000-000000000000/answers`, { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } }),
      "autosave from a foreign origin": await fetch(`${cairn.baseUrl}/survey/00000000-0000-0000-0000-000000000000/answers`, { method: "POST", body: "{}", headers: { "Content-Type": "application/json", Origin: "https://evil.example" } }),
      "foreign origin": await fetch(`${cairn.baseUrl}/customers/new`, { method: "POST", body: "name=x", headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" } }),
    };
    const seen: Record<string, Record<string, string | null>> = {};
    const wanted: Record<string, Record<string, string | null>> = {};
    for (const [kind, response] of Object.entries(responses)) {
      await response.arrayBuffer();
      seen[kind] = {
        status: response.status >= 500 ? "5xx" : "ok",
        "x-content-type-options": response.headers.get("x-content-type-options"),
        "referrer-policy": response.headers.get("referrer-policy"),
        "x-frame-options": response.headers.get("x-frame-options"),
        "x-powered-by": response.headers.get("x-powered-by"),
        "has csp": response.headers.get("content-security-policy") ? "yes" : "no",
      };
      wanted[kind] = { status: "ok", "x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "x-frame-options": "DENY", "x-powered-by": null, "has csp": "yes" };
    }
    expect(seen).toEqual(wanted);
  });

  it("refuses a POST from a foreign Origin with 403 and changes nothing", async () => {
    const handle = openDatabase({ url: cairn.databasePath });
    const count = async () => Number((await handle.db.selectFrom("customers").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    try {
      const before = await count();
      for (const origin of ["https://evil.example", "null", `${cairn.baseUrl}.evil.example`, cairn.baseUrl.replace("127.0.0.1", "localhost")]) {
        const response = await fetch(`${cairn.baseUrl}/customers/new`, {
          method: "POST",
          redirect: "manual",
          body: new URLSearchParams({ name: "Cross-site customer", industry: "", size: "", notes: "" }),
          headers: { Cookie: sessionCookie, Origin: origin },
        });
        expect(response.status, origin).toBe(403);
        expect(await response.text()).toBe("Cross-site request refused.");
      }
      // A "null" origin from another site (a sandboxed frame, a data: URL) is refused whatever it says of itself elsewhere.
      for (const site of ["cross-site", "same-site", "none"]) {
        const response = await fetch(`${cairn.baseUrl}/customers/new`, {
          method: "POST",
          redirect: "manual",
          body: new URLSearchParams({ name: "Cross-site customer", industry: "", size: "", notes: "" }),
          headers: { Cookie: sessionCookie, Origin: "null", "Sec-Fetch-Site": site },
        });
        expect(response.status, site).toBe(403);
      }
      expect(await count()).toBe(before);

      // The same request from this origin is accepted, so the 403 above was the Origin check.
      const sameOrigin = await fetch(`${cairn.baseUrl}/customers/new`, {
        method: "POST",
        redirect: "manual",
        body: new URLSearchParams({ name: "Same-site customer", industry: "", size: "", notes: "" }),
        headers: { Cookie: sessionCookie, Origin: cairn.baseUrl },
      });
      expect(sameOrigin.status).toBe(302);
      expect(await count()).toBe(before + 1);
    } finally {
      await handle.close();
    }
  });

  it("refuses a body over 1 MiB with 413 before the app reads it", async () => {
    const response = await fetch(`${cairn.baseUrl}/customers/new`, {
      method: "POST",
      body: new URLSearchParams({ name: "x", notes: "y".repeat(1024 * 1024 + 1) }),
      headers: { Cookie: sessionCookie, Origin: cairn.baseUrl },
    });
    expect(response.status).toBe(413);
  });

  it("answers a POST that is not a form with 415, not a 500", async () => {
    const response = await fetch(`${cairn.baseUrl}/customers/new`, { method: "POST", body: JSON.stringify({ name: "x" }), headers: { Cookie: sessionCookie, Origin: cairn.baseUrl, "Content-Type": "application/json" } });
    expect(response.status).toBe(415);
    expect(await response.text()).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/);
  });

  it("sets the session cookie HttpOnly, SameSite=Lax, for the whole site, without Secure over plain http", async () => {
    const response = await fetch(`${cairn.baseUrl}/login`, { method: "POST", body: signInBody(CONSULTANT, DEMO_PASSWORD), redirect: "manual", headers: { Origin: cairn.baseUrl } });
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^cairn_session=/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).toMatch(/;\s*Path=\/(;|$)/);
    expect(setCookie).not.toMatch(/;\s*Domain=/i);
    expect(setCookie).not.toMatch(/;\s*Secure/i);
  });

  it("answers sign-in guessing with 429 and Retry-After, even for the right password", async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      const response = await fetch(`${cairn.baseUrl}/login`, { method: "POST", body: signInBody("admin@northwind.example", `guess ${attempt}`), redirect: "manual", headers: { Origin: cairn.baseUrl } });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses).toEqual(Array(10).fill(401));
    const blocked = await fetch(`${cairn.baseUrl}/login`, { method: "POST", body: signInBody("admin@northwind.example", DEMO_PASSWORD), redirect: "manual", headers: { Origin: cairn.baseUrl } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(blocked.headers.get("set-cookie")).toBeNull();
  });

  it("answers guessing of survey links with 429 and Retry-After", async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 30; attempt++) {
      const response = await fetch(`${cairn.baseUrl}/s/${randomBytes(32).toString("base64url")}`, { redirect: "manual" });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    // Fewer than 30 404s: the header test above spent one guess already.
    expect(statuses.filter((s) => s === 404).length).toBeGreaterThanOrEqual(29);
    const blocked = await fetch(`${cairn.baseUrl}/s/${randomBytes(32).toString("base64url")}`, { redirect: "manual" });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(blocked.headers.get("set-cookie")).toBeNull();
  });
});

describe("the session cookie of a production server with secure cookies", () => {
  let cairn: RunningCairn;

  beforeAll(async () => {
    cairn = await startCairn({ env: { NODE_ENV: "production", CAIRN_SECURE_COOKIES: "true" } });
  });
  afterAll(async () => {
    await cairn?.stop();
  });

  it("is Secure and __Host- prefixed: bound to this origin, never sent over http (a browser would not send it back here)", async () => {
    const response = await fetch(`${cairn.baseUrl}/login`, { method: "POST", body: signInBody(CONSULTANT, DEMO_PASSWORD), redirect: "manual", headers: { Origin: cairn.baseUrl } });
    expect(response.status).toBe(302);
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^__Host-cairn_session=/);
    expect(setCookie).toMatch(/;\s*Secure/i);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    // __Host- requires Path=/ and no Domain, or browsers drop the cookie.
    expect(setCookie).toMatch(/;\s*Path=\/(;|$)/);
    expect(setCookie).not.toMatch(/;\s*Domain=/i);
  });
});
