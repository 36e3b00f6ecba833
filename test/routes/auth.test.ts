import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSessionSecret } from "../../app/auth/session.server";
import * as login from "../../app/routes/login";
import * as logout from "../../app/routes/logout";
import * as dashboard from "../../app/routes/_app.dashboard";
import { createProvider, TEST_PASSWORD } from "../support/fixtures";
import { get, post, respond, testContext, useDatabaseForApp, cookieFrom } from "../support/remix";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

describe.skipIf(databaseUnavailable())(`signing in and out on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  let provider: Awaited<ReturnType<typeof createProvider>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    useDatabaseForApp(database);
    provider = await createProvider(database.db, "Acme Partners");
  });
  afterAll(async () => {
    await database?.destroy();
  });

  function signInRequest(email: string, password: string, redirectTo = "") {
    return post("/login", { email, password, redirectTo });
  }

  async function sessionRows() {
    return database.db.selectFrom("sessions").selectAll().execute();
  }

  it("signs in with the right password, stores only a hash of the session secret, and redirects", async () => {
    const response = await respond(() => login.action({ request: signInRequest("Consultant@Acme-Partners.example", TEST_PASSWORD, "/customers"), params: {}, context: testContext("192.0.2.1") }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/customers");
    const setCookie = response.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const rows = await sessionRows();
    expect(rows.some((r) => r.user_id === provider.users.consultant.id)).toBe(true);
    // The cookie carries a signed secret; the database holds its SHA-256, not the secret.
    const secret = decodeURIComponent(cookieFrom(response.headers).split("=")[1]);
    expect(rows.some((r) => secret.includes(r.id))).toBe(false);
  });

  it("gives the same message for a wrong password and an unknown email", async () => {
    const wrongPassword = await respond(() => login.action({ request: signInRequest("admin@acme-partners.example", "wrong password"), params: {}, context: testContext("192.0.2.2") }));
    const unknownEmail = await respond(() => login.action({ request: signInRequest("nobody@acme-partners.example", "wrong password"), params: {}, context: testContext("192.0.2.2") }));
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    const a = (await wrongPassword.json()) as { formError: string };
    const b = (await unknownEmail.json()) as { formError: string };
    expect(a.formError).toBe(b.formError);
    expect(a.formError).not.toMatch(/password is wrong|no such|unknown/i);
  });

  it("answers 400 with field messages for an empty form", async () => {
    const response = await respond(() => login.action({ request: post("/login", {}), params: {}, context: testContext("192.0.2.3") }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { fieldErrors: Record<string, string> };
    expect(body.fieldErrors.email).toBeTruthy();
    expect(body.fieldErrors.password).toBeTruthy();
  });

  it("locks an account for a while after ten wrong passwords, even with the right one", async () => {
    const email = "sales@acme-partners.example";
    for (let attempt = 0; attempt < 10; attempt++) {
      const response = await respond(() => login.action({ request: signInRequest(email, `guess ${attempt}`), params: {}, context: testContext(`192.0.2.${100 + attempt}`) }));
      expect(response.status).toBe(401);
    }
    const blocked = await respond(() => login.action({ request: signInRequest(email, TEST_PASSWORD), params: {}, context: testContext("192.0.2.200") }));
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("rotates the session at sign-in and deletes it at sign-out", async () => {
    const first = await respond(() => login.action({ request: signInRequest("admin@acme-partners.example", TEST_PASSWORD), params: {}, context: testContext("192.0.2.4") }));
    const firstCookie = cookieFrom(first.headers);
    const second = await respond(() =>
      login.action({
        request: new Request("http://cairn.test/login", {
          method: "POST",
          body: new URLSearchParams({ email: "admin@acme-partners.example", password: TEST_PASSWORD }),
          headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: firstCookie },
        }),
        params: {},
        context: testContext("192.0.2.4"),
      }),
    );
    const secondCookie = cookieFrom(second.headers);
    expect(secondCookie).not.toBe(firstCookie);
    // The old session no longer opens the dashboard; the new one does.
    expect((await respond(() => dashboard.loader({ request: get("/dashboard", firstCookie), params: {}, context: testContext() }))).status).toBe(302);
    expect((await respond(() => dashboard.loader({ request: get("/dashboard", secondCookie), params: {}, context: testContext() }))).status).toBe(200);

    const signedOut = await respond(() => logout.action({ request: post("/logout", {}, secondCookie), params: {}, context: testContext() }));
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Set-Cookie")).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    expect((await respond(() => dashboard.loader({ request: get("/dashboard", secondCookie), params: {}, context: testContext() }))).status).toBe(302);
  });

  it("ends a session that has been idle too long", async () => {
    const response = await respond(() => login.action({ request: signInRequest("consultant@acme-partners.example", TEST_PASSWORD), params: {}, context: testContext("192.0.2.5") }));
    const cookie = cookieFrom(response.headers);
    const thirteenHoursAgo = new Date(Date.now() - 13 * 60 * 60 * 1000).toISOString();
    await database.db.updateTable("sessions").set({ last_seen_at: thirteenHoursAgo }).where("user_id", "=", provider.users.consultant.id).execute();
    const page = await respond(() => dashboard.loader({ request: get("/dashboard", cookie), params: {}, context: testContext() }));
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toContain("/login");
  });

  it("hashes session secrets with SHA-256", () => {
    expect(hashSessionSecret("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
