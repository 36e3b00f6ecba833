/*
 * The corpus in test/hostile/ sent to every form action and to the autosave endpoint.
 *
 * Bad input (malformed bodies, wrong types, unknown fields, huge values, NUL bytes, invalid
 * UTF-8) must get a 4xx with a message a person can act on, no stack trace or file path, and
 * must change nothing already stored. Text that merely looks hostile (XSS, SQL, spreadsheet
 * formulas) is legitimate text where text is stored, and must be stored exactly as typed.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as assessmentPage from "../../app/routes/_app.assessments.$assessmentId";
import * as answersExport from "../../app/routes/_app.assessments.$assessmentId_.export.answers[.csv]";
import * as reassess from "../../app/routes/_app.assessments.$assessmentId_.reassess";
import * as customerPage from "../../app/routes/_app.customers.$customerId._index";
import * as newAssessment from "../../app/routes/_app.customers.$customerId.assessments.new";
import * as outcomesPage from "../../app/routes/_app.customers.$customerId.outcomes";
import * as planPage from "../../app/routes/_app.customers.$customerId.plan";
import * as planEditor from "../../app/routes/_app.customers.$customerId.plan_.edit";
import * as portfolioPage from "../../app/routes/_app.customers.$customerId.portfolio";
import * as editCustomer from "../../app/routes/_app.customers.$customerId.edit";
import * as newCustomer from "../../app/routes/_app.customers.new";
import * as branding from "../../app/routes/_app.settings.branding";
import * as questionnaires from "../../app/routes/_app.settings.questionnaires";
import * as users from "../../app/routes/_app.settings.users";
import * as login from "../../app/routes/login";
import * as linkRoute from "../../app/routes/s.$token";
import * as answersRoute from "../../app/routes/survey.$respondentId.answers";
import * as surveyRoute from "../../app/routes/survey.$respondentId";
import { listAnswers, listFacilitatorNotes } from "../../db/repositories/answers";
import { createQuestionnaireVersion } from "../../db/repositories/questionnaires";
import { createRespondents } from "../../db/repositories/respondents";
import { createProvider, TEST_PASSWORD } from "../support/fixtures";
import { cookieFrom, signInAs, testContext, TEST_ORIGIN, useDatabaseForApp } from "../support/remix";
import { createSurveyAssessment } from "../support/survey-fixtures";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

// ---------------------------------------------------------------------------------------------
// The corpus

const HOSTILE = join(dirname(fileURLToPath(import.meta.url)), "../hostile");
const read = (path: string) => readFileSync(join(HOSTILE, path));
const readText = (path: string) => read(path).toString("utf8");
const linesOf = (path: string) => readText(path).split("\n").filter((line) => line !== "");
const filesIn = (dir: string) => readdirSync(join(HOSTILE, dir)).sort().map((name) => ({ name, bytes: read(join(dir, name)) }));

const XSS = linesOf("xss.txt");
const SQL = linesOf("sql-injection.txt");
const FORMULAS = linesOf("formula-injection.txt");
const LOOKS_HOSTILE = [...XSS, ...SQL, ...FORMULAS];
const MALFORMED_JSON = filesIn("malformed-json");
const MALFORMED_CSV = filesIn("malformed-csv");
const RAW_BYTES = filesIn("bytes");
const NUL_BYTES = RAW_BYTES.filter((f) => f.name.startsWith("nul"));
const INVALID_UTF8 = RAW_BYTES.filter((f) => f.name.startsWith("invalid-utf8"));
const DEEP_NESTING = ["deep-nesting-arrays.json", "deep-nesting-objects.json", "deep-nesting-in-answer.json"].map((name) => ({ name, bytes: read(name) }));
const WRONG_TYPES = (JSON.parse(readText("wrong-types.json")) as { bodies: { name: string; body: unknown }[] }).bodies;
const UNKNOWN_FIELDS = (JSON.parse(readText("unknown-fields.json")) as { bodies: { name: string; body?: unknown; raw?: string }[] }).bodies;
const WRONG_FORM_VALUES = JSON.parse(readText("wrong-form-values.json")) as Record<string, string[]>;
const UNKNOWN_FORM_FIELDS = (JSON.parse(readText("unknown-form-fields.json")) as { fields: Record<string, string> }).fields;
const HUGE = (JSON.parse(readText("huge.json")) as { fields: { name: string; bytes: number; fill: string }[] }).fields.map((h) => ({
  name: h.name,
  value: h.fill.repeat(Math.ceil(h.bytes / h.fill.length)).slice(0, h.bytes),
}));

// ---------------------------------------------------------------------------------------------
// Responses

interface Outcome {
  status: number;
  location: string | null;
  body: string;
}

type Handler = (args: { request: Request; params: Record<string, string>; context: ReturnType<typeof testContext> }) => Promise<unknown>;

/** As Remix would: a returned or thrown Response as it is; anything else thrown is a 500. */
async function run(handler: Handler, request: Request, params: Record<string, string> = {}, address?: string): Promise<Outcome> {
  let response: Response;
  try {
    const result = await handler({ request, params, context: testContext(address) });
    response = result instanceof Response ? result : new Response(JSON.stringify(result));
  } catch (thrown) {
    if (!(thrown instanceof Response)) return { status: 500, location: null, body: `thrown: ${thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)}` };
    response = thrown;
  }
  return { status: response.status, location: response.headers.get("Location"), body: await response.text() };
}

const STACK_OR_PATH = [/^\s*at \S/m, /\bat [\w.$<>]+ \(/, /\/(work|home|usr|tmp|app|node_modules)\/\S+/, /\b[\w-]+\.(ts|tsx|js|mjs|cjs):\d+/, /file:\/\//];

/** Why an outcome is not a clean refusal, or null when it is one. */
function notACleanRefusal(outcome: Outcome, { field }: { field?: string } = {}): string | null {
  if (outcome.status < 400 || outcome.status >= 500) return `status ${outcome.status}: ${outcome.body.slice(0, 300)}`;
  if (outcome.status === 429) return "rate limited instead of answered (the test sends too much from one address)";
  const leak = STACK_OR_PATH.find((pattern) => pattern.test(outcome.body));
  if (leak) return `the body shows a stack frame or a file path (${leak}): ${outcome.body.slice(0, 300)}`;
  let message = "";
  try {
    const json = JSON.parse(outcome.body) as { formError?: string; fieldErrors?: Record<string, string>; error?: string; message?: string; problems?: { message: string }[] };
    if (field && json.fieldErrors && !json.fieldErrors[field] && !json.formError) return `no message for the field "${field}": ${outcome.body.slice(0, 300)}`;
    message = [json.formError, ...Object.values(json.fieldErrors ?? {}), json.error, json.message, ...(json.problems ?? []).map((p) => p.message)].filter(Boolean).join(" ");
  } catch {
    message = outcome.body;
  }
  if (message.trim().length < 8) return `no clear message: ${outcome.body.slice(0, 300)}`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Requests

function formRequest(path: string, fields: Record<string, string>, cookie?: string, encoding: "urlencoded" | "multipart" = "urlencoded"): Request {
  const headers: Record<string, string> = cookie ? { Cookie: cookie } : {};
  if (encoding === "multipart") {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    return new Request(`${TEST_ORIGIN}${path}`, { method: "POST", body: form, headers });
  }
  return new Request(`${TEST_ORIGIN}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" } });
}

/** A urlencoded form with one field's value as raw bytes, exactly as a crafted request could send it. */
function rawFieldRequest(path: string, fields: Record<string, string>, field: string, bytes: Buffer, cookie?: string): Request {
  const others = new URLSearchParams(Object.entries(fields).filter(([name]) => name !== field)).toString();
  const body = Buffer.concat([Buffer.from(`${others}&${encodeURIComponent(field)}=`), bytes]);
  return new Request(`${TEST_ORIGIN}${path}`, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) } });
}

/** Bytes as a request body or file part (a copy: Buffers may share their memory). */
const bytesOf = (data: Buffer | string) => (typeof data === "string" ? data : new Uint8Array(data));

function rawRequest(path: string, body: Buffer | string, contentType: string | null, cookie?: string): Request {
  const headers: Record<string, string> = { ...(contentType ? { "Content-Type": contentType } : {}), ...(cookie ? { Cookie: cookie } : {}) };
  return new Request(`${TEST_ORIGIN}${path}`, { method: "POST", body: bytesOf(body), headers });
}

/** Bodies that are not a form at all, for every form action. */
const NOT_FORMS: { name: string; body: string | Buffer; contentType: string | null }[] = [
  { name: "JSON", body: '{"name":"Sneaky","intent":"add"}', contentType: "application/json" },
  { name: "text/plain", body: "name=Sneaky", contentType: "text/plain" },
  { name: "no content type", body: "name=Sneaky", contentType: null },
  { name: "XML", body: "<customer><name>Sneaky</name></customer>", contentType: "application/xml" },
  { name: "multipart without a boundary", body: "name=Sneaky", contentType: "multipart/form-data" },
  { name: "multipart with a broken body", body: "--xyz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nSneaky", contentType: "multipart/form-data; boundary=xyz" },
  { name: "multipart with garbage", body: "garbage", contentType: "multipart/form-data; boundary=xyz" },
];

// ---------------------------------------------------------------------------------------------

describe.skipIf(databaseUnavailable())(`hostile input on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  let north: Awaited<ReturnType<typeof createProvider>>;
  let south: Awaited<ReturnType<typeof createProvider>>;
  let survey: Awaited<ReturnType<typeof createSurveyAssessment>>;
  let workshopId: string;
  const cookies = {} as Record<"consultant" | "admin" | "respondent" | "spareRespondent", string>;
  let spareRespondentId: string;
  let addressCounter = 0;
  /** Every request from its own address, so that rate limits never stand in for the answer under test. */
  const nextAddress = () => `198.18.${Math.floor(addressCounter / 250)}.${(addressCounter++ % 250) + 1}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    useDatabaseForApp(database);
    north = await createProvider(database.db, "Northwind Hostile");
    south = await createProvider(database.db, "Southwind Hostile");
    survey = await createSurveyAssessment(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, groups: ["it", "business", "executive"] });
    [{ id: workshopId }] = await createRespondents(database.db, {
      organisationId: north.organisation.id,
      assessmentId: survey.assessment.id,
      respondents: [{ kind: "workshop", groupKey: "it", label: "Hostile workshop", tokenHash: null, tokenExpiresAt: null }],
    });
    await createQuestionnaireVersion(database.db, {
      organisationId: south.organisation.id,
      key: "southwind-private",
      title: "Southwind private",
      modelJson: JSON.stringify({ pages: [{ name: "p", elements: [{ type: "comment", name: "q" }] }] }),
      createdBy: null,
    });
    cookies.consultant = await signInAs("consultant@northwind-hostile.example", TEST_PASSWORD);
    cookies.admin = await signInAs("admin@northwind-hostile.example", TEST_PASSWORD);
    cookies.respondent = await surveyCookie(survey.respondents[0].token);
    cookies.spareRespondent = await surveyCookie(survey.respondents[1].token);
    spareRespondentId = survey.respondents[1].id;
  });
  afterAll(async () => {
    await database?.destroy();
  });

  async function surveyCookie(token: string) {
    const outcome = await linkRoute.loader({ request: new Request(`${TEST_ORIGIN}/s/${token}`), params: { token }, context: testContext(nextAddress()) }).catch((r: unknown) => r);
    return cookieFrom((outcome as Response).headers);
  }

  /** Everything stored, table by table (sessions aside: reading a page may touch one). */
  async function snapshot(): Promise<Record<string, unknown[]>> {
    const tables = ["organisations", "users", "customers", "questionnaires", "assessments", "respondents", "answers", "facilitator_notes", "audit_log", "assessment_summaries"] as const;
    const result: Record<string, unknown[]> = {};
    for (const table of tables) {
      const rows = (await database.db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
      result[table] = rows.map((row) => JSON.stringify(row)).sort();
    }
    return result;
  }

  /**
   * Sends each request and checks the refusal; then checks that nothing stored changed. Returns
   * every problem found, so that one run shows them all.
   */
  async function expectAllRefused(cases: { label: string; send: () => Promise<Outcome>; field?: string }[]): Promise<string[]> {
    const before = await snapshot();
    const problems: string[] = [];
    for (const { label, send, field } of cases) {
      const outcome = await send();
      const problem = notACleanRefusal(outcome, { field });
      if (problem) problems.push(`${label}: ${problem}`);
    }
    const after = await snapshot();
    for (const table of Object.keys(before)) {
      if (JSON.stringify(before[table]) !== JSON.stringify(after[table])) problems.push(`the ${table} table changed`);
    }
    return problems;
  }

  // -------------------------------------------------------------------------------------------
  // The form actions, each with a form it would accept and what each of its fields must be

  type FieldKind = keyof typeof WRONG_FORM_VALUES | "text";
  interface FormTarget {
    name: string;
    action: Handler;
    path: string;
    params: Record<string, string>;
    cookie: () => string;
    encoding?: "multipart";
    /** A form the action accepts, for one field at a time to be spoiled. */
    valid: () => Record<string, string>;
    /** The fields, with the kind of wrong values each must refuse; "text" takes the text attacks. */
    fields: Record<string, FieldKind[]>;
    /** Text fields: huge values and NUL bytes must be refused. */
    textFields: string[];
    /** Secrets (passwords): never stored as text, so any character may be in one; only their length is bounded. */
    secretFields?: string[];
  }

  const assessmentPath = () => `/assessments/${survey.assessment.id}`;
  let userCounter = 0;

  const targets = (): FormTarget[] => [
    {
      name: "new customer",
      action: newCustomer.action,
      path: "/customers/new",
      params: {},
      cookie: () => cookies.consultant,
      valid: () => ({ name: "Valid customer", industry: "Retail", size: "", notes: "fine" }),
      fields: { name: ["singleLineText"], industry: ["singleLineText"], size: ["size"] },
      textFields: ["name", "industry", "notes"],
    },
    {
      name: "edit customer",
      action: editCustomer.action,
      path: `/customers/${north.customer.id}/edit`,
      params: { customerId: north.customer.id },
      cookie: () => cookies.consultant,
      valid: () => ({ name: "Valid customer", industry: "Retail", size: "", notes: "fine" }),
      fields: { name: ["singleLineText"], industry: ["singleLineText"], size: ["size"] },
      textFields: ["name", "industry", "notes"],
    },
    {
      name: "customer page",
      action: customerPage.action,
      path: `/customers/${north.customer.id}`,
      params: { customerId: north.customer.id },
      cookie: () => cookies.consultant,
      valid: () => ({ intent: "archive" }),
      fields: { intent: ["intent"] },
      textFields: ["intent"],
    },
    {
      name: "users: create",
      action: users.action,
      path: "/settings/users",
      params: {},
      cookie: () => cookies.admin,
      valid: () => ({ intent: "create", name: "Valid User", email: `valid${userCounter++}@northwind-hostile.example`, role: "sales", password: "long enough pw" }),
      fields: { intent: ["intent"], name: ["singleLineText"], email: ["email"], role: ["role"] },
      textFields: ["name", "email"],
      secretFields: ["password"],
    },
    {
      name: "users: change role",
      action: users.action,
      path: "/settings/users",
      params: {},
      cookie: () => cookies.admin,
      valid: () => ({ intent: "role", userId: north.users.sales.id, role: "consultant" }),
      fields: { userId: ["userId"], role: ["role"] },
      textFields: ["userId"],
    },
    {
      name: "branding",
      action: branding.action,
      path: "/settings/branding",
      params: {},
      cookie: () => cookies.admin,
      encoding: "multipart",
      valid: () => ({ name: "Northwind Hostile", accentColour: "#0f766e" }),
      fields: { name: ["singleLineText"], accentColour: ["accentColour"] },
      textFields: ["name", "accentColour"],
    },
    {
      name: "new assessment",
      action: newAssessment.action,
      path: `/customers/${north.customer.id}/assessments/new`,
      params: { customerId: north.customer.id },
      cookie: () => cookies.consultant,
      valid: () => ({ title: "Valid assessment", questionnaire: "hybrid-cloud-readiness@1", mode: "self-serve" }),
      fields: { title: ["singleLineText"], questionnaire: ["questionnaire"], mode: ["mode"] },
      textFields: ["title", "questionnaire"],
    },
    {
      name: "re-assess",
      action: reassess.action,
      path: `/assessments/${survey.assessment.id}/reassess`,
      params: { assessmentId: survey.assessment.id },
      cookie: () => cookies.consultant,
      valid: () => ({ title: "Valid re-assessment", questionnaire: "hybrid-cloud-readiness@1", mode: "self-serve", days: "30" }),
      fields: { title: ["singleLineText"], questionnaire: ["questionnaire"], mode: ["mode"], days: ["days"] },
      textFields: ["title", "days"],
    },
    ...(
      [
        ["add", { name: "Valid Person", email: "valid.person@contoso.example", group: "it", days: "30" }, { name: ["singleLineText"], email: ["email"], group: ["group"], days: ["days"] }, ["name", "email", "days"]],
        ["add-list", { list: "Valid Person, valid.list@contoso.example, IT", listDays: "30" }, { listDays: ["days"] }, ["list", "listDays"]],
        ["add-workshop", { label: "Valid workshop", workshopGroup: "it" }, { label: ["singleLineText"], workshopGroup: ["group"] }, ["label"]],
        ["reissue", { respondentId: survey.respondents[2].id }, { respondentId: ["respondentId"] }, ["respondentId"]],
        ["revoke", { respondentId: survey.respondents[2].id }, { respondentId: ["respondentId"] }, ["respondentId"]],
        ["restore", { respondentId: survey.respondents[2].id }, { respondentId: ["respondentId"] }, ["respondentId"]],
        ["reopen", { respondentId: survey.respondents[2].id }, { respondentId: ["respondentId"] }, ["respondentId"]],
        ["extend", { respondentId: survey.respondents[2].id, days: "10" }, { respondentId: ["respondentId"], days: ["days"] }, ["respondentId", "days"]],
        ["close", {}, {}, []],
        ["reopen-assessment", {}, {}, []],
      ] as const
    ).map(
      ([intent, valid, fields, textFields]): FormTarget => ({
        name: `assessment page: ${intent}`,
        action: assessmentPage.action,
        path: assessmentPath(),
        params: { assessmentId: survey.assessment.id },
        cookie: () => cookies.consultant,
        valid: () => ({ intent, ...valid }),
        fields: { intent: ["intent"], ...fields } as Record<string, FieldKind[]>,
        textFields: [...textFields],
      }),
    ),
    // The plan and portfolio pages: here for the bodies that are not forms.
    ...(
      [
        ["outcomes", outcomesPage.action, "outcomes"],
        ["plan", planPage.action, "plan"],
        ["plan editor", planEditor.action, "plan/edit"],
        ["portfolio", portfolioPage.action, "portfolio"],
      ] as const
    ).map(
      ([name, action, path]): FormTarget => ({
        name,
        action,
        path: `/customers/${north.customer.id}/${path}`,
        params: { customerId: north.customer.id },
        cookie: () => cookies.consultant,
        valid: () => ({}),
        fields: {},
        textFields: [],
      }),
    ),
    {
      name: "sign in",
      action: login.action,
      path: "/login",
      params: {},
      cookie: () => "",
      valid: () => ({ email: "nobody@northwind-hostile.example", password: "not the password", redirectTo: "/dashboard" }),
      fields: {},
      textFields: ["email"],
      secretFields: ["password"],
    },
  ];

  function send(target: FormTarget, fields: Record<string, string>): Promise<Outcome> {
    return run(target.action, formRequest(target.path, fields, target.cookie() || undefined, target.encoding), target.params, nextAddress());
  }

  it("refuses every body that is not a form, on every form action, changing nothing", async () => {
    const cases = targets().flatMap((target) =>
      NOT_FORMS.map((notForm) => ({
        label: `${target.name} ← ${notForm.name}`,
        send: () => run(target.action, rawRequest(target.path, notForm.body, notForm.contentType, target.cookie() || undefined), target.params, nextAddress()),
      })),
    );
    expect(await expectAllRefused(cases)).toEqual([]);
  });

  it("refuses values of the wrong kind in every field, naming the field, changing nothing", async () => {
    const cases = targets().flatMap((target) =>
      Object.entries(target.fields).flatMap(([field, kinds]) =>
        kinds.flatMap((kind) =>
          (WRONG_FORM_VALUES[kind] ?? []).map((value) => ({
            label: `${target.name} ${field}=${JSON.stringify(value)}`,
            field: field === "intent" ? undefined : field,
            send: () => send(target, { ...target.valid(), [field]: value }),
          })),
        ),
      ),
    );
    expect(cases.length).toBeGreaterThan(100);
    expect(await expectAllRefused(cases)).toEqual([]);
  });

  it("refuses huge values in every text field, changing nothing", async () => {
    const cases = targets().flatMap((target) =>
      [...target.textFields, ...(target.secretFields ?? [])].flatMap((field) =>
        HUGE.map((huge) => ({ label: `${target.name} ${field} = ${huge.name}`, send: () => send(target, { ...target.valid(), [field]: huge.value }) })),
      ),
    );
    expect(await expectAllRefused(cases)).toEqual([]);
  });

  it("refuses NUL bytes in every text field, raw or percent-encoded, changing nothing", async () => {
    const cases = targets().flatMap((target) =>
      target.textFields.flatMap((field) =>
        NUL_BYTES.flatMap((file) => [
          { label: `${target.name} ${field} ← raw ${file.name}`, send: () => run(target.action, rawFieldRequest(target.path, target.valid(), field, file.bytes, target.cookie() || undefined), target.params, nextAddress()) },
          { label: `${target.name} ${field} ← %-encoded ${file.name}`, send: () => send(target, { ...target.valid(), [field]: file.bytes.toString("latin1") }) },
        ]),
      ),
    );
    expect(await expectAllRefused(cases)).toEqual([]);
  });

  it("never stores invalid UTF-8 in a form field: a browser's replacement character at most, and never a 500", async () => {
    // Form decoding follows the WHATWG rule (invalid bytes become U+FFFD), so a crafted request
    // can store a replacement character but never a byte sequence that is not text.
    const problems: string[] = [];
    for (const target of targets().filter((t) => t.name === "new customer" || t.name === "sign in")) {
      for (const file of INVALID_UTF8) {
        const outcome = await run(target.action, rawFieldRequest(target.path, target.valid(), target.textFields[0], file.bytes, target.cookie() || undefined), target.params, nextAddress());
        if (outcome.status >= 500) problems.push(`${target.name} ← ${file.name}: ${outcome.status}`);
        if (outcome.status === 302 && target.name === "new customer") {
          const id = outcome.location!.split("/").pop()!;
          const row = await database.db.selectFrom("customers").select("name").where("id", "=", id).executeTakeFirstOrThrow();
          if (row.name !== file.bytes.toString("utf8")) problems.push(`${file.name} was stored as ${JSON.stringify(row.name)}`);
          if (!row.name.includes("\uFFFD")) problems.push(`${file.name} was stored without a replacement character`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("refuses every malformed pasted list, line by line, adding nobody", async () => {
    const problems = await expectAllRefused(
      MALFORMED_CSV.map((file) => ({
        label: `add-list ← ${file.name}`,
        field: undefined,
        send: async () => {
          const outcome = await run(assessmentPage.action, formRequest(assessmentPath(), { intent: "add-list", list: file.bytes.toString("utf8"), listDays: "30" }, cookies.consultant), { assessmentId: survey.assessment.id });
          return outcome;
        },
      })),
    );
    expect(problems).toEqual([]);
    const body = JSON.parse((await run(assessmentPage.action, formRequest(assessmentPath(), { intent: "add-list", list: readText("malformed-csv/mixed-good-and-bad.csv"), listDays: "30" }, cookies.consultant), { assessmentId: survey.assessment.id })).body) as {
      listProblems: { line: number; reason: string }[];
    };
    expect(body.listProblems).toEqual([{ line: 2, reason: expect.stringContaining('"Nonsense" is not a group') }]);
  });

  it("ignores fields no form has: they never set ownership, roles or state", async () => {
    const extra = Object.fromEntries(
      Object.entries(UNKNOWN_FORM_FIELDS).map(([name, value]) => [
        name,
        value.replace("{{otherOrganisationId}}", south.organisation.id).replace("{{otherCustomerId}}", south.customer.id).replace("{{otherUserId}}", south.users.admin.id),
      ]),
    );
    const created = await run(newCustomer.action, formRequest("/customers/new", { ...extra, name: "Mass assignment", industry: "", size: "", notes: "" }, cookies.consultant));
    expect(created.status).toBe(302);
    const customer = await database.db.selectFrom("customers").selectAll().where("id", "=", created.location!.split("/").pop()!).executeTakeFirstOrThrow();
    expect(customer).toMatchObject({ organisation_id: north.organisation.id, created_by: north.users.consultant.id, archived_at: null, name: "Mass assignment" });

    const southBefore = await database.db.selectFrom("customers").selectAll().where("id", "=", south.customer.id).executeTakeFirstOrThrow();
    const edited = await run(editCustomer.action, formRequest(`/customers/${north.customer.id}/edit`, { ...extra, name: "Northwind Hostile customer", industry: "Retail", size: "", notes: "" }, cookies.consultant), { customerId: north.customer.id });
    expect(edited.status).toBe(302);
    expect(await database.db.selectFrom("customers").selectAll().where("id", "=", south.customer.id).executeTakeFirstOrThrow()).toEqual(southBefore);

    const started = await run(newAssessment.action, formRequest(`/customers/${north.customer.id}/assessments/new`, { ...extra, title: "Mass assignment", questionnaire: "hybrid-cloud-readiness@1", mode: "self-serve" }, cookies.consultant), { customerId: north.customer.id });
    expect(started.status).toBe(302);
    const assessment = await database.db.selectFrom("assessments").selectAll().where("id", "=", started.location!.split("/").pop()!).executeTakeFirstOrThrow();
    expect(assessment).toMatchObject({ organisation_id: north.organisation.id, customer_id: north.customer.id, status: "open" });

    const user = await run(users.action, formRequest("/settings/users", { ...extra, intent: "create", name: "Mass Assignment", email: "mass@northwind-hostile.example", role: "sales", password: "long enough pw" }, cookies.admin));
    expect(user.status).toBe(200);
    expect(await database.db.selectFrom("users").select(["organisation_id", "role", "disabled"]).where("email", "=", "mass@northwind-hostile.example").executeTakeFirstOrThrow()).toEqual({
      organisation_id: north.organisation.id,
      role: "sales",
      disabled: 0,
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses to start an assessment with another provider's questionnaire", async () => {
    const problems = await expectAllRefused([
      {
        label: "new assessment with southwind-private@1",
        field: "questionnaire",
        send: () => run(newAssessment.action, formRequest(`/customers/${north.customer.id}/assessments/new`, { title: "Borrowed", questionnaire: "southwind-private@1", mode: "self-serve" }, cookies.consultant), { customerId: north.customer.id }),
      },
    ]);
    expect(problems).toEqual([]);
  });

  it("refuses a logo that is not a PNG or JPEG, or is too large, changing nothing", async () => {
    const logos: { name: string; bytes: Buffer | string; type: string }[] = [
      { name: "SVG with a script", bytes: '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>', type: "image/svg+xml" },
      { name: "HTML called a PNG", bytes: "<html><script>alert(1)</script></html>", type: "image/png" },
      { name: "a GIF", bytes: Buffer.from("GIF89a\x01\x00\x01\x00", "latin1"), type: "image/gif" },
      { name: "empty-looking JPEG header only", bytes: Buffer.from([0xff, 0xd8]), type: "image/jpeg" },
      { name: "300 KB", bytes: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300 * 1024)]), type: "image/png" },
    ];
    const problems = await expectAllRefused(
      logos.map((logo) => ({
        label: `logo: ${logo.name}`,
        send: () => {
          const form = new FormData();
          form.append("name", "Northwind Hostile");
          form.append("accentColour", "#0f766e");
          form.append("logo", new File([bytesOf(logo.bytes)], "logo", { type: logo.type }));
          return run(branding.action, new Request(`${TEST_ORIGIN}/settings/branding`, { method: "POST", body: form, headers: { Cookie: cookies.admin } }));
        },
      })),
    );
    expect(problems).toEqual([]);
  });

  it("refuses malformed, deeply nested, huge and non-UTF-8 questionnaire uploads, storing nothing", async () => {
    const upload = (name: string, content: Buffer | string) => {
      const form = new FormData();
      form.append("key", "hostile-upload");
      form.append("file", new File([bytesOf(content)], name, { type: "application/json" }));
      return run(questionnaires.action, new Request(`${TEST_ORIGIN}/settings/questionnaires`, { method: "POST", body: form, headers: { Cookie: cookies.admin } }));
    };
    const cases = [
      ...MALFORMED_JSON.filter((f) => f.bytes.length > 0).map((file) => ({ label: `upload ${file.name}`, send: () => upload(file.name, file.bytes) })),
      ...DEEP_NESTING.map((file) => ({ label: `upload ${file.name}`, send: () => upload(file.name, file.bytes) })),
      ...WRONG_TYPES.slice(0, 5).map((wrong) => ({ label: `upload ${wrong.name}`, send: () => upload("q.json", JSON.stringify(wrong.body)) })),
      ...RAW_BYTES.map((file) => ({ label: `upload ${file.name}`, send: () => upload(file.name, file.bytes) })),
      { label: "upload 1 MB", send: () => upload("big.json", `{"title":"${"x".repeat(1024 * 1024)}"}`) },
      ...WRONG_FORM_VALUES.key.map((key) => ({
        label: `upload with key ${JSON.stringify(key)}`,
        field: "key",
        send: () => {
          const form = new FormData();
          form.append("key", key);
          form.append("file", new File(['{"pages":[{"name":"p","elements":[{"type":"comment","name":"q"}]}]}'], "q.json", { type: "application/json" }));
          return run(questionnaires.action, new Request(`${TEST_ORIGIN}/settings/questionnaires`, { method: "POST", body: form, headers: { Cookie: cookies.admin } }));
        },
      })),
    ];
    expect(await expectAllRefused(cases)).toEqual([]);
  });

  // -------------------------------------------------------------------------------------------
  // The autosave endpoint

  function save(body: Buffer | string, { respondentId = survey.respondents[0].id, cookie = cookies.respondent, contentType = "application/json" }: { respondentId?: string; cookie?: string; contentType?: string | null } = {}) {
    return run(answersRoute.action, rawRequest(`/survey/${respondentId}/answers`, body, contentType, cookie), { respondentId });
  }

  it("refuses malformed JSON, wrong types, unknown fields, deep nesting, huge bodies, NUL bytes and invalid UTF-8 at the autosave endpoint, saving nothing", async () => {
    const wrapInAnswer = (bytes: Buffer) => Buffer.concat([Buffer.from('{"answers":[{"question":"reflections_one_thing","value":"'), bytes, Buffer.from('","seq":1}]}')]);
    const cases = [
      ...MALFORMED_JSON.map((file) => ({ label: `malformed-json/${file.name}`, send: () => save(file.bytes) })),
      ...DEEP_NESTING.map((file) => ({ label: file.name, send: () => save(file.bytes) })),
      ...WRONG_TYPES.map((wrong) => ({ label: `wrong type: ${wrong.name}`, send: () => save(JSON.stringify(wrong.body)) })),
      ...UNKNOWN_FIELDS.map((unknown) => ({ label: `unknown field: ${unknown.name}`, send: () => save(unknown.raw ?? JSON.stringify(unknown.body)) })),
      ...HUGE.map((huge) => ({ label: `huge: ${huge.name}`, send: () => save(JSON.stringify({ answers: [{ question: "reflections_one_thing", value: huge.value, seq: 1 }] })) })),
      ...RAW_BYTES.map((file) => ({ label: `raw bytes in an answer: ${file.name}`, send: () => save(wrapInAnswer(file.bytes)) })),
      ...RAW_BYTES.map((file) => ({ label: `raw bytes as the body: ${file.name}`, send: () => save(file.bytes) })),
      ...NOT_FORMS.filter((n) => n.contentType !== "application/json").map((n) => ({ label: `a ${n.name} body`, send: () => save(n.body, { contentType: n.contentType }) })),
    ];
    expect(cases.length).toBeGreaterThan(80);
    expect(await expectAllRefused(cases)).toEqual([]);
  });

  it("refuses a facilitator note with a NUL byte or about no question, saving nothing", async () => {
    const note = (question: string, text: string) => save(JSON.stringify({ notes: [{ question, note: text, seq: 1 }] }), { respondentId: workshopId, cookie: cookies.consultant });
    const cases = [
      { label: "a note with a NUL", send: () => note("reflections_one_thing", "North\u0000wind") },
      { label: "a note about no question", send: () => note("<script>alert(1)</script>", "note") },
      { label: "a note too long", send: () => note("reflections_one_thing", "x".repeat(5001)) },
      ...UNKNOWN_FIELDS.filter((u) => u.name.includes("note")).map((u) => ({ label: u.name, send: () => save(JSON.stringify(u.body), { respondentId: workshopId, cookie: cookies.consultant }) })),
    ];
    expect(await expectAllRefused(cases)).toEqual([]);
  });

  // -------------------------------------------------------------------------------------------
  // Legitimate text that looks hostile: stored exactly as typed

  const fits = (max: number) => LOOKS_HOSTILE.filter((payload) => payload.length <= max);

  it("stores hostile-looking customer names, industries and notes verbatim", async () => {
    const problems: string[] = [];
    for (const payload of fits(100)) {
      const outcome = await run(newCustomer.action, formRequest("/customers/new", { name: payload, industry: payload, size: "", notes: `${payload}\n${payload}` }, cookies.consultant));
      if (outcome.status !== 302) {
        problems.push(`${JSON.stringify(payload)}: ${outcome.status} ${outcome.body.slice(0, 200)}`);
        continue;
      }
      const row = await database.db.selectFrom("customers").select(["name", "industry", "notes"]).where("id", "=", outcome.location!.split("/").pop()!).executeTakeFirstOrThrow();
      if (JSON.stringify(row) !== JSON.stringify({ name: payload, industry: payload, notes: `${payload}\n${payload}` })) problems.push(`${JSON.stringify(payload)} was stored as ${JSON.stringify(row)}`);
    }
    for (const payload of fits(200).filter((p) => p.length > 100)) {
      const outcome = await run(editCustomer.action, formRequest(`/customers/${north.customer.id}/edit`, { name: payload, industry: "", size: "", notes: payload }, cookies.consultant), { customerId: north.customer.id });
      const row = await database.db.selectFrom("customers").select(["name", "notes"]).where("id", "=", north.customer.id).executeTakeFirstOrThrow();
      if (outcome.status !== 302 || row.name !== payload || row.notes !== payload) problems.push(`edit ${JSON.stringify(payload)}: ${outcome.status} ${JSON.stringify(row)}`);
    }
    expect(problems).toEqual([]);
  });

  it("stores hostile-looking respondent names, pasted lists and workshop labels verbatim", async () => {
    const problems: string[] = [];
    const names = fits(120);
    const addOne = await run(assessmentPage.action, formRequest(assessmentPath(), { intent: "add", name: names[0], email: "", group: "it", days: "30" }, cookies.consultant), { assessmentId: survey.assessment.id });
    expect(addOne.status).toBe(200);
    // Tabs, as a spreadsheet pastes, so that commas inside a payload stay part of the name.
    const list = names.map((name) => `${name}\t\tIT`).join("\n");
    const added = await run(assessmentPage.action, formRequest(assessmentPath(), { intent: "add-list", list, listDays: "30" }, cookies.consultant), { assessmentId: survey.assessment.id });
    if (added.status !== 200) problems.push(`add-list: ${added.status} ${added.body.slice(0, 500)}`);
    for (const label of names.slice(0, 20)) {
      const outcome = await run(assessmentPage.action, formRequest(assessmentPath(), { intent: "add-workshop", label, workshopGroup: "business" }, cookies.consultant), { assessmentId: survey.assessment.id });
      if (outcome.status !== 200) problems.push(`workshop ${JSON.stringify(label)}: ${outcome.status}`);
    }
    const rows = await database.db.selectFrom("respondents").select(["name", "label"]).where("assessment_id", "=", survey.assessment.id).execute();
    const stored = new Set(rows.flatMap((r) => [r.name, r.label]));
    for (const name of names) if (!stored.has(name)) problems.push(`${JSON.stringify(name)} is not stored verbatim`);
    expect(problems).toEqual([]);
  });

  it("stores hostile-looking assessment titles, user names and organisation names verbatim", async () => {
    const problems: string[] = [];
    for (const title of fits(200).filter((_, i) => i % 3 === 0)) {
      const outcome = await run(newAssessment.action, formRequest(`/customers/${north.customer.id}/assessments/new`, { title, questionnaire: "hybrid-cloud-readiness@1", mode: "self-serve" }, cookies.consultant), { customerId: north.customer.id });
      const row = outcome.location ? await database.db.selectFrom("assessments").select("title").where("id", "=", outcome.location.split("/").pop()!).executeTakeFirst() : undefined;
      if (row?.title !== title) problems.push(`assessment title ${JSON.stringify(title)}: ${outcome.status} ${JSON.stringify(row)}`);
    }
    for (const [i, name] of fits(120).filter((_, i) => i % 5 === 0).entries()) {
      const email = `hostile${i}@northwind-hostile.example`;
      const outcome = await run(users.action, formRequest("/settings/users", { intent: "create", name, email, role: "sales", password: "long enough pw" }, cookies.admin));
      const row = await database.db.selectFrom("users").select("name").where("email", "=", email).executeTakeFirst();
      if (outcome.status !== 200 || row?.name !== name) problems.push(`user name ${JSON.stringify(name)}: ${outcome.status} ${JSON.stringify(row)}`);
    }
    for (const name of fits(120).filter((_, i) => i % 4 === 0)) {
      const outcome = await run(branding.action, formRequest("/settings/branding", { name, accentColour: "#0f766e" }, cookies.admin, "multipart"));
      const row = await database.db.selectFrom("organisations").select("name").where("id", "=", north.organisation.id).executeTakeFirstOrThrow();
      if (outcome.status !== 200 || row.name !== name) problems.push(`organisation name ${JSON.stringify(name)}: ${outcome.status} ${JSON.stringify(row)}`);
    }
    await run(branding.action, formRequest("/settings/branding", { name: "Northwind Hostile", accentColour: "#0f766e" }, cookies.admin, "multipart"));
    expect(problems).toEqual([]);
  });

  it("stores hostile-looking free-text answers and facilitator notes verbatim, and exports them as text a spreadsheet will not run", async () => {
    const problems: string[] = [];
    const respondentId = spareRespondentId;
    let seq = 0;
    const hostileAnswers = [...LOOKS_HOSTILE, "\t=1+1", "\r=1+1", "=1+1\n=2+2"];
    for (const payload of hostileAnswers) {
      seq += 1;
      const outcome = await save(JSON.stringify({ answers: [{ question: "reflections_one_thing", value: payload, seq }] }), { respondentId, cookie: cookies.spareRespondent });
      const [stored] = (await listAnswers(database.db, { respondentId })).filter((a) => a.questionName === "reflections_one_thing");
      if (outcome.status !== 200 || stored?.value !== payload) problems.push(`answer ${JSON.stringify(payload)}: ${outcome.status} ${JSON.stringify(stored?.value)}`);
      const note = await save(JSON.stringify({ notes: [{ question: "reflections_one_thing", note: payload, seq }] }), { respondentId: workshopId, cookie: cookies.consultant });
      const [storedNote] = await listFacilitatorNotes(database.db, { respondentId: workshopId });
      if (note.status !== 200 || storedNote?.note !== payload) problems.push(`note ${JSON.stringify(payload)}: ${note.status} ${JSON.stringify(storedNote?.note)}`);
    }
    expect(problems).toEqual([]);

    // One formula per question of the spare respondent, plus the names pasted earlier: the export must defuse every one.
    const textQuestions = ["reflections_one_thing", "reflections_biggest_obstacle", "reflections_anything_else", "about_hybrid_meaning"];
    const formulas = [...FORMULAS, "\t=1+1", "\r=1+1"];
    for (const [i, question] of textQuestions.entries()) {
      seq += 1;
      await save(JSON.stringify({ answers: [{ question, value: formulas[i], seq }] }), { respondentId, cookie: cookies.spareRespondent });
    }
    await database.db.updateTable("respondents").set({ name: FORMULAS[0] }).where("id", "=", respondentId).execute();
    const exported = await run(answersExport.loader, new Request(`${TEST_ORIGIN}/assessments/${survey.assessment.id}/export/answers.csv`, { headers: { Cookie: cookies.consultant } }), { assessmentId: survey.assessment.id });
    expect(exported.status).toBe(200);
    const cells = parseCsv(exported.body.replace(/^\uFEFF/, "")).flat();
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    for (const formula of formulas.slice(0, textQuestions.length)) expect(cells).toContain(`'${formula}`);
    expect(cells).toContain(`'${FORMULAS[0]}`);
  });

  it("redirects after sign-in only to a path of this site, whatever redirectTo says", async () => {
    const targets = ["//evil.example", "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", " //evil.example", "\\\\evil.example", "/%09/evil.example", "/%2F/evil.example", "http:/evil.example", "/.//evil.example", "/..//evil.example", "/a/..//evil.example", "/./\\evil.example", "/\t\\evil.example"];
    const problems: string[] = [];
    for (const redirectTo of targets) {
      const outcome = await run(login.action, formRequest("/login", { email: "consultant@northwind-hostile.example", password: TEST_PASSWORD, redirectTo }), {}, nextAddress());
      if (outcome.status !== 302 || !outcome.location) {
        if (outcome.status >= 500) problems.push(`${JSON.stringify(redirectTo)}: ${outcome.status}`);
        continue;
      }
      // How a browser would resolve the Location header: it drops tabs and newlines from URLs.
      const resolved = new URL(outcome.location, TEST_ORIGIN);
      if (resolved.origin !== TEST_ORIGIN) problems.push(`${JSON.stringify(redirectTo)} sends the browser to ${resolved.href}`);
    }
    expect(problems).toEqual([]);
  });

  it("answers a survey completion with anything but the one intent with 400, changing nothing", async () => {
    const respondentId = survey.respondents[0].id;
    const cases = [
      ...WRONG_FORM_VALUES.intent.map((intent) => ({ label: `intent ${JSON.stringify(intent)}`, send: () => run(surveyRoute.action, formRequest(`/survey/${respondentId}`, { intent }, cookies.respondent), { respondentId }) })),
      ...NOT_FORMS.map((n) => ({ label: n.name, send: () => run(surveyRoute.action, rawRequest(`/survey/${respondentId}`, n.body, n.contentType, cookies.respondent), { respondentId }) })),
    ];
    expect(await expectAllRefused(cases)).toEqual([]);
  });
});

/** RFC 4180, enough to read the exports back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(cell);
      cell = "";
    } else if (char === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += char;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}
