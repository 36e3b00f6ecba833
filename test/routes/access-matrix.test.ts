/*
 * Who may reach what, for every route the app has. The route list is read from app/routes/ when
 * the test runs, so a new route without a rule below fails here by name: nobody can add a page
 * and forget to decide who may see it.
 *
 * Every route × method it exports (loader → GET, action → POST) × role × tenant is run against a
 * real database, and the whole table for one route and method is compared at once, so a failure
 * shows every cell that differs. The expectations are written out here by role rather than read
 * from the app's PERMISSIONS table, so a mistake in that table shows up as a difference.
 */
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateOrganisationBranding } from "../../db/repositories/organisations";
import { createQuestionnaireVersion } from "../../db/repositories/questionnaires";
import { createRespondents } from "../../db/repositories/respondents";
import { createProvider, TEST_PASSWORD } from "../support/fixtures";
import { cookieFrom, signInAs, testContext, TEST_ORIGIN, useDatabaseForApp } from "../support/remix";
import { createSurveyAssessment } from "../support/survey-fixtures";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

const ROUTES_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../app/routes");
// As Remix reads the folder: TypeScript modules, and route folders by their route module (a folder's
// other files are its private parts, not routes), minus remix.config.js's ignoredRouteFiles.
const ROUTE_FILES = readdirSync(ROUTES_DIR, { withFileTypes: true })
  .flatMap((entry) => {
    if (entry.isDirectory()) return ["route.tsx", "route.ts"].filter((name) => existsSync(join(ROUTES_DIR, entry.name, name))).map((name) => `${entry.name}/${name}`);
    return [entry.name];
  })
  .filter((f) => /\.tsx?$/.test(f) && !f.startsWith(".") && !/\.test\./.test(f))
  .sort();

const ROLES = ["anonymous", "respondent", "sales", "consultant", "admin"] as const;
type Role = (typeof ROLES)[number];
type StaffRole = Extract<Role, "sales" | "consultant" | "admin">;
/** "own": ids of the provider the user (or the respondent) belongs to; "other": another provider's. */
type Tenant = "own" | "other";
type Method = "GET" | "POST";

interface Expected {
  status: number;
  /** For redirects: where to. */
  location?: string;
}
type Rule = (role: Role, tenant: Tenant, ids: TenantIds) => Expected;

interface TenantIds {
  customerId: string;
  assessmentId: string;
  /** A respondent answering by link; the "respondent" role holds the own provider's one's cookie. */
  respondentId: string;
  token: string;
  /** A user to name in a users-page action. */
  userId: string;
  /** A questionnaire the provider uploaded itself. */
  key: string;
  version: string;
}

interface MethodRule {
  expect: Rule;
  /** The request body for an action; by default an empty form, which no action accepts. */
  body?: (ids: TenantIds) => { contentType: string; text: string };
  /** Ids travel in the body rather than the URL (the users page). */
  idsInBody?: boolean;
  /** The request ends the session it carries (sign-out): use a session of its own. */
  endsSession?: boolean;
}

interface RouteRule {
  GET?: MethodRule;
  POST?: MethodRule;
}

// ---------------------------------------------------------------------------------------------
// Expectations

const TO_LOGIN: Expected = { status: 302, location: "/login" };
const STAFF_ROLES: readonly StaffRole[] = ["sales", "consultant", "admin"];
const WRITERS: readonly StaffRole[] = ["consultant", "admin"];
const ADMINS: readonly StaffRole[] = ["admin"];

const isStaff = (role: Role): role is StaffRole => (STAFF_ROLES as readonly Role[]).includes(role);

/**
 * A staff page: no session → sign in; a role without the permission → 403 whoever's ids it names
 * (checked before any lookup, so it says nothing about them); another provider's ids → 404.
 */
function staff(allowed: readonly StaffRole[], okStatus = 200): Rule {
  return (role, tenant) => {
    if (!isStaff(role)) return TO_LOGIN;
    if (!allowed.includes(role)) return { status: 403 };
    if (tenant === "other") return { status: 404 };
    return { status: okStatus };
  };
}

/** A respondent page: only the holder of that respondent's link cookie; everyone else the same 404. */
function respondentOnly(okStatus: number): Rule {
  return (role, tenant) => (role === "respondent" && tenant === "own" ? { status: okStatus } : { status: 404 });
}

const always =
  (expected: Expected): Rule =>
  () =>
    expected;

const signedInElsewhere =
  (anonymous: Expected, signedIn: Expected): Rule =>
  (role) =>
    isStaff(role) ? signedIn : anonymous;

const userTarget = (ids: TenantIds) => ({ contentType: "application/x-www-form-urlencoded", text: new URLSearchParams({ intent: "enable", userId: ids.userId }).toString() });
const emptyJson = () => ({ contentType: "application/json", text: "{}" });

/**
 * One entry per file in app/routes. GET expectations are for the page as it stands; POST
 * expectations send an empty form (every action refuses it with 400 once access is granted), so
 * the matrix checks the access guard without changing data.
 */
const RULES: Record<string, RouteRule> = {
  "_app.tsx": { GET: { expect: staff(STAFF_ROLES) } },
  "_app.dashboard.tsx": { GET: { expect: staff(STAFF_ROLES) } },
  "_app.customers._index.tsx": { GET: { expect: staff(STAFF_ROLES) } },
  "_app.customers.new.tsx": { GET: { expect: staff(WRITERS) }, POST: { expect: staff(WRITERS, 400) } },
  "_app.customers.$customerId._index.tsx": { GET: { expect: staff(STAFF_ROLES) }, POST: { expect: staff(WRITERS, 400) } },
  "_app.customers.$customerId.edit.tsx": { GET: { expect: staff(WRITERS) }, POST: { expect: staff(WRITERS, 400) } },
  "_app.customers.$customerId.assessments.new.tsx": { GET: { expect: staff(WRITERS) }, POST: { expect: staff(WRITERS, 400) } },
  "_app.customers.$customerId.portfolio.tsx": { GET: { expect: staff(STAFF_ROLES) }, POST: { expect: staff(WRITERS, 400) } },
  "_app.customers.$customerId.portfolio[.csv].ts": { GET: { expect: staff(STAFF_ROLES) } },
  "_app.customers.$customerId.waves.tsx": { GET: { expect: staff(STAFF_ROLES) } },
  "_app.customers.$customerId.plan.tsx": { GET: { expect: staff(STAFF_ROLES) }, POST: { expect: staff(WRITERS, 400) } },
  "_app.customers.$customerId.plan_.edit.tsx": { GET: { expect: staff(WRITERS) }, POST: { expect: staff(WRITERS, 400) } },
  "_app.customers.$customerId.outcomes.tsx": { GET: { expect: staff(STAFF_ROLES) }, POST: { expect: staff(WRITERS, 400) } },
  "_app.assessments.$assessmentId.tsx": { GET: { expect: staff(STAFF_ROLES) }, POST: { expect: staff(WRITERS, 400) } },
  "_app.assessments.$assessmentId_.reassess.tsx": { GET: { expect: staff(WRITERS) }, POST: { expect: staff(WRITERS, 400) } },
  "_app.assessments.$assessmentId_.results/route.tsx": { GET: { expect: staff(STAFF_ROLES) } },
  "_app.assessments.$assessmentId_.results[.json].ts": { GET: { expect: staff(STAFF_ROLES) } },
  "_app.assessments.$assessmentId_.export.answers[.csv].ts": { GET: { expect: staff(STAFF_ROLES) } },
  "_app.assessments.$assessmentId_.export.scores[.csv].ts": { GET: { expect: staff(STAFF_ROLES) } },
  "_app.assessments.$assessmentId_.report.tsx": { GET: { expect: staff(STAFF_ROLES) } },
  "_app.assessments.$assessmentId_.report[.pdf].ts": { GET: { expect: staff(STAFF_ROLES) } },
  "_app.reports.tsx": { GET: { expect: staff(STAFF_ROLES) } },
  "_app.settings.audit.tsx": { GET: { expect: staff(ADMINS) } },
  "_app.settings.questionnaires.tsx": { GET: { expect: staff(ADMINS) }, POST: { expect: staff(ADMINS, 400) } },
  "_app.settings.questionnaires_.$key.$version.tsx": { GET: { expect: staff(ADMINS) }, POST: { expect: staff(ADMINS, 400) } },
  "_app.settings.questionnaires_.konveyor.tsx": { GET: { expect: staff(ADMINS) }, POST: { expect: staff(ADMINS, 400) } },
  "_app.settings.branding.tsx": { GET: { expect: staff(ADMINS) }, POST: { expect: staff(ADMINS, 400) } },
  // Enabling an enabled user of the tenant's: harmless for the own provider, 404 for another's.
  "_app.settings.users.tsx": { GET: { expect: staff(ADMINS) }, POST: { expect: staff(ADMINS, 200), body: userTarget, idsInBody: true } },
  "_index.tsx": { GET: { expect: signedInElsewhere(TO_LOGIN, { status: 302, location: "/dashboard" }) } },
  "login.tsx": {
    GET: { expect: signedInElsewhere({ status: 200 }, { status: 302, location: "/dashboard" }) },
    POST: { expect: always({ status: 400 }) },
  },
  "logout.tsx": { GET: { expect: always({ status: 302, location: "/" }) }, POST: { expect: always(TO_LOGIN), endsSession: true } },
  "healthz.ts": { GET: { expect: always({ status: 200 }) } },
  // The signed-in user's own provider's logo; there is no way to name another's.
  "branding.logo.ts": { GET: { expect: staff(STAFF_ROLES) } },
  // The link is the credential, whoever holds it: it leads to its own respondent's survey.
  "s.$token.tsx": { GET: { expect: (_role, _tenant, ids) => ({ status: 302, location: `/survey/${ids.respondentId}` }) } },
  "survey.$respondentId.tsx": { GET: { expect: respondentOnly(200) }, POST: { expect: respondentOnly(400) } },
  "survey.$respondentId.answers.ts": { GET: { expect: always({ status: 405 }) }, POST: { expect: respondentOnly(200), body: emptyJson } },
};

// ---------------------------------------------------------------------------------------------
// Requests

/**
 * The URL of a flat route file: `_app.assessments.$assessmentId_.export.answers[.csv].ts` →
 * `/assessments/<id>/export/answers.csv`. Pathless layouts (`_app`) and `_index` add nothing; a
 * trailing `_` only opts out of nesting; `[...]` escapes.
 */
function routeUrl(file: string, values: TenantIds): { path: string; params: Record<string, string> } {
  // A route folder's URL is the folder's name.
  const stem = file.replace(/\/route\.tsx?$/, "").replace(/\.tsx?$/, "");
  const segments: string[] = [];
  let current = "";
  let escaped = false;
  for (const char of stem) {
    if (char === "[") escaped = true;
    else if (char === "]") escaped = false;
    else if (char === "." && !escaped) {
      segments.push(current);
      current = "";
    } else current += char;
  }
  segments.push(current);
  const params: Record<string, string> = {};
  const parts: string[] = [];
  for (const raw of segments) {
    if (raw === "_index" || raw.startsWith("_")) continue;
    const segment = raw.endsWith("_") ? raw.slice(0, -1) : raw;
    if (segment.startsWith("$")) {
      const name = segment.slice(1);
      if (!(name in values)) throw new Error(`${file}: the matrix has no fixture id for the URL parameter "${name}"; add one to TenantIds`);
      const value = values[name as keyof TenantIds];
      params[name] = value;
      parts.push(encodeURIComponent(value));
    } else parts.push(segment);
  }
  return { path: `/${parts.join("/")}`, params };
}

const hasUrlParams = (file: string) => /(^|\.)\$/.test(file);

interface RouteModule {
  loader?: (args: { request: Request; params: Record<string, string>; context: ReturnType<typeof testContext> }) => Promise<unknown>;
  action?: (args: { request: Request; params: Record<string, string>; context: ReturnType<typeof testContext> }) => Promise<unknown>;
}

const modules: Record<string, RouteModule> = Object.fromEntries(
  await Promise.all(ROUTE_FILES.map(async (file) => [file, (await import(pathToFileURL(join(ROUTES_DIR, file)).href)) as RouteModule] as const)),
);

const exportedMethods = (file: string): Method[] => [...(modules[file].loader ? (["GET"] as const) : []), ...(modules[file].action ? (["POST"] as const) : [])];

/** Runs a loader or action as Remix would and returns its response, thrown or returned; a crash is a 500. */
async function run(handler: () => Promise<unknown>): Promise<{ status: number; location: string | null; body: string }> {
  let response: Response;
  try {
    const result = await handler();
    response = result instanceof Response ? result : new Response(JSON.stringify(result));
  } catch (thrown) {
    if (!(thrown instanceof Response)) return { status: 500, location: null, body: thrown instanceof Error ? thrown.message : String(thrown) };
    response = thrown;
  }
  return { status: response.status, location: response.headers.get("Location"), body: await response.text() };
}

// ---------------------------------------------------------------------------------------------

describe.skipIf(databaseUnavailable())(`access matrix for every route on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  const ids = {} as Record<Tenant, TenantIds>;
  const cookies = {} as Record<Exclude<Role, "anonymous">, string>;
  let northWorkshopId: string;
  let southWorkshopId: string;
  let northSecondRespondentId: string;
  /** Text only the other provider's pages could contain. */
  const OTHER_PROVIDER_MARKERS = ["Southwind", "southwind"];
  /** Text only the own provider's data contains: no error or redirect may carry it. */
  const OWN_PROVIDER_MARKERS = ["Northwind", "Private north assessment", "North respondent"];

  beforeAll(async () => {
    database = await createTestDatabase();
    useDatabaseForApp(database);
    const north = await createProvider(database.db, "Northwind Matrix");
    const south = await createProvider(database.db, "Southwind Matrix");
    const northSurvey = await createSurveyAssessment(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, groups: ["it", "business"] });
    const southSurvey = await createSurveyAssessment(database.db, { organisationId: south.organisation.id, customerId: south.customer.id, groups: ["it"] });
    await database.db.updateTable("assessments").set({ title: "Private north assessment" }).where("id", "=", northSurvey.assessment.id).execute();
    await database.db.updateTable("assessments").set({ title: "Southwind secret assessment" }).where("id", "=", southSurvey.assessment.id).execute();
    await database.db.updateTable("respondents").set({ name: "North respondent" }).where("organisation_id", "=", north.organisation.id).execute();
    await database.db.updateTable("respondents").set({ name: "Southwind respondent" }).where("organisation_id", "=", south.organisation.id).execute();
    [{ id: northWorkshopId }] = await createRespondents(database.db, {
      organisationId: north.organisation.id,
      assessmentId: northSurvey.assessment.id,
      respondents: [{ kind: "workshop", groupKey: "it", label: "North workshop", tokenHash: null, tokenExpiresAt: null }],
    });
    [{ id: southWorkshopId }] = await createRespondents(database.db, {
      organisationId: south.organisation.id,
      assessmentId: southSurvey.assessment.id,
      respondents: [{ kind: "workshop", groupKey: "it", label: "Southwind workshop", tokenHash: null, tokenExpiresAt: null }],
    });
    // A one-pixel PNG, so that the logo route has something to serve to its own provider.
    const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    for (const provider of [north, south]) {
      await updateOrganisationBranding(database.db, { organisationId: provider.organisation.id, name: provider.organisation.name, accentColour: "#0f766e", logo: { base64: png, mimeType: "image/png" } });
    }

    ids.own = {
      customerId: north.customer.id,
      assessmentId: northSurvey.assessment.id,
      respondentId: northSurvey.respondents[0].id,
      token: northSurvey.respondents[0].token,
      userId: north.users.sales.id,
      ...(await uploadQuestionnaire(north.organisation.id, "northwind-check")),
    };
    ids.other = {
      customerId: south.customer.id,
      assessmentId: southSurvey.assessment.id,
      respondentId: southSurvey.respondents[0].id,
      token: southSurvey.respondents[0].token,
      userId: south.users.sales.id,
      ...(await uploadQuestionnaire(south.organisation.id, "southwind-check")),
    };
    northSecondRespondentId = northSurvey.respondents[1].id;

    for (const role of STAFF_ROLES) cookies[role] = await signInAs(`${role}@northwind-matrix.example`, TEST_PASSWORD);
    cookies.respondent = await respondentCookie(ids.own.token);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  async function uploadQuestionnaire(organisationId: string, key: string) {
    const model = { title: `${key} questionnaire`, pages: [{ name: "p1", elements: [{ type: "comment", name: "anything_else", title: "Anything else?" }] }] };
    const stored = await createQuestionnaireVersion(database.db, { organisationId, key, title: model.title, modelJson: JSON.stringify(model), createdBy: null });
    return { key: stored.key, version: String(stored.version) };
  }

  async function respondentCookie(token: string): Promise<string> {
    const response = await modules["s.$token.tsx"].loader!({ request: new Request(`${TEST_ORIGIN}/s/${token}`), params: { token }, context: testContext() }).catch((r: unknown) => r);
    if (!(response instanceof Response)) throw new Error("the survey link did not answer with a response");
    return cookieFrom(response.headers);
  }

  async function cookieFor(role: Role, rule: MethodRule): Promise<string | undefined> {
    if (role === "anonymous") return undefined;
    if (rule.endsSession && isStaff(role)) return signInAs(`${role}@northwind-matrix.example`, TEST_PASSWORD);
    return cookies[role];
  }

  async function call(file: string, method: Method, rule: MethodRule, role: Role, tenant: Tenant) {
    const { path, params } = routeUrl(file, ids[tenant]);
    const cookie = await cookieFor(role, rule);
    const headers: Record<string, string> = cookie ? { Cookie: cookie } : {};
    let request: Request;
    if (method === "GET") {
      request = new Request(`${TEST_ORIGIN}${path}`, { headers });
    } else {
      const body = rule.body?.(ids[tenant]) ?? { contentType: "application/x-www-form-urlencoded", text: "" };
      request = new Request(`${TEST_ORIGIN}${path}`, { method: "POST", body: body.text, headers: { ...headers, "Content-Type": body.contentType } });
    }
    const handler = method === "GET" ? modules[file].loader! : modules[file].action!;
    return run(() => handler({ request, params, context: testContext() }));
  }

  it("has an access rule for every route file, and a rule for exactly the methods each exports", () => {
    const withoutRule = ROUTE_FILES.filter((file) => !(file in RULES));
    expect(withoutRule, `app/routes has files without an access rule in test/routes/access-matrix.test.ts: ${withoutRule.join(", ")}`).toEqual([]);
    const staleRules = Object.keys(RULES).filter((file) => !ROUTE_FILES.includes(file));
    expect(staleRules, `access rules for route files that no longer exist: ${staleRules.join(", ")}`).toEqual([]);
    const mismatched = ROUTE_FILES.filter((file) => file in RULES)
      .map((file) => ({ file, exported: exportedMethods(file).join("+") || "none", ruled: (["GET", "POST"] as const).filter((m) => RULES[file][m]).join("+") || "none" }))
      .filter((r) => r.exported !== r.ruled)
      .map((r) => `${r.file} exports ${r.exported} but its rule covers ${r.ruled}`);
    expect(mismatched, mismatched.join("; ")).toEqual([]);
  });

  const cases = ROUTE_FILES.flatMap((file) => (["GET", "POST"] as const).filter((method) => RULES[file]?.[method]).map((method) => ({ file, method })));

  for (const { file, method } of cases) it(`${method} ${file}: every role and tenant gets what the rule says, and nothing of another provider`, async () => {
    const rule = RULES[file][method]!;
    const tenants: Tenant[] = hasUrlParams(file) || rule.idsInBody ? ["own", "other"] : ["own"];
    const actual: Record<string, string> = {};
    const expected: Record<string, string> = {};
    const leaks: string[] = [];
    for (const role of ROLES) {
      for (const tenant of tenants) {
        const cell = `${role} × ${tenants.length > 1 ? `${tenant} ids` : "no ids"}`;
        const want = rule.expect(role, tenant, ids[tenant]);
        const got = await call(file, method, rule, role, tenant);
        const describeLocation = (location: string | null | undefined) => (location ? ` → ${location.split("?")[0]}` : "");
        expected[cell] = `${want.status}${describeLocation(want.location)}`;
        actual[cell] = `${got.status}${want.location ? describeLocation(got.location) : ""}`;
        for (const marker of OTHER_PROVIDER_MARKERS) if (got.body.includes(marker)) leaks.push(`${cell}: the body contains another provider's "${marker}"`);
        if (got.status !== 200) for (const marker of OWN_PROVIDER_MARKERS) if (got.body.includes(marker)) leaks.push(`${cell}: a ${got.status} carries data ("${marker}")`);
      }
    }
    expect(actual).toEqual(expected);
    expect(leaks).toEqual([]);
  });

  it("sends an anonymous visitor of a staff page to sign in and back to the same page", async () => {
    const { path } = routeUrl("_app.customers.$customerId._index.tsx", ids.own);
    const got = await call("_app.customers.$customerId._index.tsx", "GET", RULES["_app.customers.$customerId._index.tsx"].GET!, "anonymous", "own");
    expect(got.location).toBe(`/login?${new URLSearchParams({ redirectTo: path })}`);
  });

  it("a survey cookie reaches only its own respondent: not another respondent of the same assessment", async () => {
    const statuses: Record<string, number> = {};
    for (const file of ["survey.$respondentId.tsx", "survey.$respondentId.answers.ts"]) {
      const rule = RULES[file].POST!;
      const body = rule.body?.(ids.own) ?? { contentType: "application/x-www-form-urlencoded", text: "" };
      for (const respondentId of [ids.own.respondentId, northSecondRespondentId]) {
        const whose = respondentId === ids.own.respondentId ? "own" : "sibling";
        const get = new Request(`${TEST_ORIGIN}/survey/${respondentId}`, { headers: { Cookie: cookies.respondent } });
        const post = new Request(`${TEST_ORIGIN}/survey/${respondentId}`, { method: "POST", body: body.text, headers: { Cookie: cookies.respondent, "Content-Type": body.contentType } });
        if (file === "survey.$respondentId.tsx") statuses[`GET ${file} ${whose}`] = (await run(() => modules[file].loader!({ request: get, params: { respondentId }, context: testContext() }))).status;
        statuses[`POST ${file} ${whose}`] = (await run(() => modules[file].action!({ request: post, params: { respondentId }, context: testContext() }))).status;
      }
    }
    expect(statuses).toEqual({
      "GET survey.$respondentId.tsx own": 200,
      "GET survey.$respondentId.tsx sibling": 404,
      "POST survey.$respondentId.tsx own": 400,
      "POST survey.$respondentId.tsx sibling": 404,
      "POST survey.$respondentId.answers.ts own": 200,
      "POST survey.$respondentId.answers.ts sibling": 404,
    });
  });

  it("scopes the survey cookie to its respondent's path and keeps it from scripts", async () => {
    const response = await modules["s.$token.tsx"].loader!({ request: new Request(`${TEST_ORIGIN}/s/${ids.own.token}`), params: { token: ids.own.token }, context: testContext() }).catch((r: unknown) => r);
    const setCookie = (response as Response).headers.get("Set-Cookie") ?? "";
    expect(setCookie).toContain(`Path=/survey/${ids.own.respondentId}`);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
  });

  it("opens a workshop session only for a consultant or admin of its own provider", async () => {
    const page = modules["survey.$respondentId.tsx"];
    const open = async (respondentId: string, cookie?: string) =>
      (await run(() => page.loader!({ request: new Request(`${TEST_ORIGIN}/survey/${respondentId}`, { headers: cookie ? { Cookie: cookie } : {} }), params: { respondentId }, context: testContext() }))).status;
    const table: Record<string, number> = {};
    for (const role of ROLES) {
      table[`${role} × own workshop`] = await open(northWorkshopId, role === "anonymous" ? undefined : cookies[role]);
      table[`${role} × other workshop`] = await open(southWorkshopId, role === "anonymous" ? undefined : cookies[role]);
    }
    expect(table).toEqual({
      "anonymous × own workshop": 404,
      "anonymous × other workshop": 404,
      "respondent × own workshop": 404,
      "respondent × other workshop": 404,
      "sales × own workshop": 404,
      "sales × other workshop": 404,
      "consultant × own workshop": 200,
      "consultant × other workshop": 404,
      "admin × own workshop": 200,
      "admin × other workshop": 404,
    });
  });

  it("answers 404, not 403 or 500, for ids that do not exist or are not ids at all", async () => {
    const strange = ["does-not-exist", "00000000-0000-0000-0000-000000000000", "' OR '1'='1", "%00", "\u0000", "../../etc/passwd", "x".repeat(2000)];
    const statuses: Record<string, number> = {};
    for (const file of ROUTE_FILES.filter((f) => /\$(customerId|assessmentId)/.test(f) && RULES[f]?.GET)) {
      for (const value of strange) {
        const { path, params } = routeUrl(file, { ...ids.own, customerId: value, assessmentId: value });
        const got = await run(() => modules[file].loader!({ request: new Request(`${TEST_ORIGIN}${path}`, { headers: { Cookie: cookies.admin } }), params, context: testContext() }));
        statuses[`${file} ${JSON.stringify(value.slice(0, 20))}`] = got.status;
      }
    }
    expect(Object.entries(statuses).filter(([, status]) => status !== 404)).toEqual([]);
  });
});
