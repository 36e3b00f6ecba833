/*
 * Data at realistic scale for the page benchmarks (pages.ts), deterministic for a seed.
 *
 * Full scale (`--scale 1`): 50 providers, 2,000 customers, 10,000 assessments, 100,000 respondents
 * and about 5,000,000 answers, with facilitator notes for workshop sessions and one
 * assessment_summaries row per assessment that anyone answered, COMPUTED BY THE REAL SCORING ENGINE
 * (scoreAssessment over the very answers written, in the results page's canonical order, mapped by
 * summariseResults): the stored scores are the ones Cairn itself would store.
 *
 * Shape, chosen to resemble a real installation rather than a uniform grid:
 * - provider 0 (the benchmark provider) is the largest, 5× the size of each of the others; smaller
 *   scales keep 50 providers (fewer only below 4 customers each), so the benchmark provider is about
 *   9 % of every table at any scale and query plans meet the selectivity they meet at full scale;
 * - customers get 0–9 assessments (5 % have none yet, a few are archived), spread over four years,
 *   each after the first a re-assessment of the one before; a customer's newest is open when recent;
 * - about 10 respondents per assessment (4–16); 10 % of assessments are workshops (one session per
 *   group, with facilitator notes); respondents of closed assessments are 67 % completed, 10 %
 *   abandoned part-way, 23 % never opened (open assessments: 40/25/35 %);
 * - answers from app/domain/demo-responses (each group leans its own way, so perception gaps
 *   appear), plus free text; an abandoned survey keeps the answers of its first pages.
 * - one assessment of the benchmark provider is fixed at 10 respondents (7 completed, 1 part-way,
 *   2 invited: about 500 answers) for the results page; the manifest names it.
 *
 * Users: an admin, a consultant and a sales user per provider, all with the password
 * BENCH_PASSWORD (hashed once with the real scrypt hasher and reused: hashing is slow by design).
 * Ids are UUID-shaped and random-looking (from the seeded generator), as Cairn's own are.
 *
 * SQLite: the database is created and migrated with Cairn's own migrations, then filled with
 * better-sqlite3 prepared statements in large transactions (journal off, synchronous off while
 * loading; a rollback journal at rest, and Cairn turns the copy it serves to WAL as it always
 * does). It is NOT analysed: Cairn never runs ANALYZE,
 * so the query planner sees what it sees in production. The file is cached in CAIRN_BENCH_DATA_DIR
 * (default <tmpdir>/cairn-bench-data), keyed by generator version, scale, seed and the migration
 * list, and copied for each benchmark run (copyDatasetTo).
 *
 * PostgreSQL: the SQLite dataset of the same scale (generated first if not cached) copied table by
 * table into a schema of its own (cairn_bench_<ms>_<hex>), migrated by the same migrations, with
 * unnest() multi-row inserts on one connection (foreign-key triggers off while loading:
 * session_replication_role = replica), then VACUUM (ANALYZE) of each table (what autovacuum would
 * have done by then in production: statistics and the visibility map). The same rows on both
 * databases. The caller drops the schema (dataset.drop()).
 *
 *   npx tsx test/bench/generate-data.ts [--scale 0.1] [--seed N] [--force]
 *   npx tsx test/bench/generate-data.ts --postgres [--scale 0.1] [--keep]     (TEST_DATABASE_URL)
 */
import { createHash, randomBytes } from "node:crypto";
import { constants, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import SQLite from "../../db/sqlite-driver";
import pg from "pg";
import { hashPassword } from "../../app/auth/password.server";
import { generateDemoAnswers, seededRandom } from "../../app/domain/demo-responses";
import { isRespondentGroup, RESPONDENT_GROUPS, type RespondentGroup } from "../../app/domain/dimensions";
import { getScoringModel } from "../../app/domain/questionnaire-catalogue.server";
import { scoreAssessment, type Respondent as ScoredRespondent } from "../../app/domain/scoring";
import { summariseResults } from "../../app/services/summaries.server";
import { openDatabase } from "../../db/client";
import { migrateToLatestOrThrow } from "../../db/migrate";
import { migrations } from "../../db/migrations";

/** Bump whenever the generated data changes shape: cached files of another version are not reused. */
export const GENERATOR_VERSION = 2;
export const DEFAULT_SEED = 20261123;
/** Every generated user's password. */
export const BENCH_PASSWORD = "bench-password-not-secret";
export const FULL_SCALE = { providers: 50, customers: 2_000, assessments: 10_000, respondents: 100_000, answers: 5_000_000 } as const;
export const QUESTIONNAIRE = { key: "hybrid-cloud-readiness", version: 1 } as const;
/** Generated time ends here (fixed, so data are the same on every run). */
const ANCHOR_MS = Date.parse("2026-01-01T00:00:00.000Z");
const DAY_MS = 24 * 60 * 60 * 1000;
/** Benchmark provider's weight against 1 for each other provider. */
const BENCH_PROVIDER_WEIGHT = 5;

export interface DatasetCounts {
  providers: number;
  users: number;
  customers: number;
  assessments: number;
  respondents: number;
  answers: number;
  facilitatorNotes: number;
  summaries: number;
}

/** What a benchmark needs to know about a generated dataset. */
export interface DatasetManifest {
  generatorVersion: number;
  key: string;
  scale: number;
  seed: number;
  migrations: string[];
  counts: DatasetCounts;
  password: string;
  bench: {
    organisationId: string;
    consultantEmail: string;
    providerCustomers: number;
    providerAssessments: number;
    providerRespondents: number;
    /** The customer page's customer: the benchmark provider's customer with the most assessments. */
    customerId: string;
    customerAssessments: number;
    /** The results page's assessment: 10 respondents, about 500 answers. */
    assessmentId: string;
    assessmentRespondents: number;
    assessmentAnswers: number;
  };
  generateSeconds: number;
  /** Of the scoring engine alone, within generateSeconds. */
  scoringSeconds: number;
  /** SQLite only. */
  fileBytes?: number;
}

// ---------------------------------------------------------------------------------------------
// Tables, in the order rows must be written (foreign keys)

const TABLES = {
  organisations: ["id", "name", "logo_base64", "logo_mime_type", "accent_colour", "created_at", "updated_at"],
  users: ["id", "organisation_id", "email", "name", "role", "password_hash", "disabled", "created_at", "updated_at"],
  customers: ["id", "organisation_id", "name", "industry", "size", "notes", "archived_at", "created_by", "created_at", "updated_at"],
  assessments: ["id", "organisation_id", "customer_id", "title", "questionnaire_key", "questionnaire_version", "mode", "status", "previous_assessment_id", "created_by", "created_at", "updated_at", "closed_at"],
  respondents: ["id", "organisation_id", "assessment_id", "kind", "group_key", "label", "name", "email", "token_hash", "token_expires_at", "revoked", "status", "current_page", "created_at", "opened_at", "last_activity_at", "completed_at"],
  answers: ["respondent_id", "question_name", "value_json", "client_seq", "updated_at"],
  facilitator_notes: ["respondent_id", "question_name", "note", "client_seq", "updated_at"],
  assessment_summaries: ["assessment_id", "organisation_id", "customer_id", "questionnaire_key", "readiness", "dimensions_json", "respondents_answered", "respondents_invited", "respondents_completed", "computed_at"],
} as const;
type TableName = keyof typeof TABLES;
type Value = string | number | null;

/** PostgreSQL array types of the columns that are not text (for unnest()). */
const PG_TYPES: Record<string, string> = {
  "users.disabled": "int",
  "assessments.questionnaire_version": "int",
  "respondents.revoked": "int",
  "respondents.current_page": "int",
  "answers.client_seq": "int",
  "facilitator_notes.client_seq": "int",
  "assessment_summaries.readiness": "real",
  "assessment_summaries.respondents_answered": "int",
  "assessment_summaries.respondents_invited": "int",
  "assessment_summaries.respondents_completed": "int",
};

interface Sink {
  add(table: TableName, row: Value[]): void;
  /** Called between assessments: a place to commit or flush. */
  checkpoint(): Promise<void>;
  finish(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// The generator

export function scaledCounts(scale: number) {
  if (!(scale > 0) || scale > 10) throw new Error(`--scale must be in (0, 10], not ${scale}`);
  // Fewer providers only when each would have fewer than 4 customers: the benchmark provider keeps
  // its share of every table (5/54, about 9 %) at a tenth of the scale, so query plans see the
  // selectivity they see at full scale.
  const customers = Math.max(1, Math.round(FULL_SCALE.customers * scale));
  const providers = Math.max(1, Math.min(FULL_SCALE.providers, Math.floor(customers / 4)));
  const assessments = Math.max(customers, Math.round(FULL_SCALE.assessments * scale));
  const respondents = Math.max(assessments, Math.round(FULL_SCALE.respondents * scale));
  return { providers, customers, assessments, respondents };
}

/** Splits `total` into integers proportional to `weights` (largest remainder); exact sum. */
function allocate(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (w / sum) * total : 0));
  const counts = exact.map(Math.floor);
  let missing = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((value, i) => ({ i, rest: value - Math.floor(value) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (let k = 0; missing > 0; k = (k + 1) % order.length, missing--) counts[order[k].i]++;
  return counts;
}

const FIRST = ["Acme", "Borealis", "Cobalt", "Delta", "Evergreen", "Fjord", "Granite", "Harbour", "Iris", "Juniper", "Kestrel", "Lumen", "Meridian", "Northgate", "Orchard", "Pioneer", "Quarry", "Riverside", "Summit", "Tidewater", "Upland", "Vantage", "Westfield", "Yarrow", "Zenith"];
const SECOND = ["Manufacturing", "Logistics", "Health", "Insurance", "Retail", "Energy", "Foods", "Media", "Engineering", "Holdings", "Pharma", "Transport", "Bank", "Housing", "Telecom", "Water"];
const INDUSTRIES = ["Manufacturing", "Logistics", "Healthcare", "Financial services", "Retail", "Energy", "Public sector", "Media", "Education", "Construction"];
const SIZES = ["50–250 employees", "250–1,000 employees", "1,000–5,000 employees", "5,000+ employees"];
const PEOPLE = ["Priya Shah", "Tom Okafor", "Lena Berg", "Marco Rossi", "Aiko Tanaka", "Grace Miller", "Owen Hughes", "Sofia Álvarez", "Hannah Clarke", "Jonas Weber", "Amara Nwosu", "Liam Byrne", "Mei Chen", "Rafael Costa", "Ines Dubois", "Kofi Mensah"];
const FREE_TEXT = ["Some things on premises, some in a public cloud.", "Using Azure and our own data centre together.", "Not sure yet.", "Moving gradually without a big bang.", "Keeping the ERP at home and putting new things in the cloud."];
const REFLECTIONS = ["Get the business and IT in one room more often.", "Clearer ownership of costs.", "Training, and time to use it.", "Stop buying tools without telling IT.", "A plan everyone has seen."];
const NOTES = ["Long discussion; the group disagreed at first.", "Finance was not in the room for this one.", "They said this changed last year.", "Answer agreed after a vote.", "Follow up with the security lead."];
const SELF_SERVE_MIX: RespondentGroup[] = ["it", "it", "engineering", "engineering", "business", "business", "executive", "other"];
const WORKSHOP_GROUPS: RespondentGroup[] = ["it", "engineering", "business", "executive"];

export async function generate(sink: Sink, { scale, seed, passwordHash, log = () => {} }: { scale: number; seed: number; passwordHash: string; log?: (line: string) => void }) {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const between = (low: number, high: number) => low + random() * (high - low);
  const hex = (bytes: number) => {
    let out = "";
    for (let i = 0; i < bytes; i += 4) out += Math.floor(random() * 0x100000000).toString(16).padStart(8, "0");
    return out.slice(0, bytes * 2);
  };
  const uuid = () => {
    const h = hex(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[parseInt(h[16], 16) & 3]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
  const iso = (ms: number) => new Date(Math.round(ms)).toISOString();

  const model = getScoringModel(QUESTIONNAIRE.key, QUESTIONNAIRE.version);
  const target = scaledCounts(scale);
  const counts: DatasetCounts = { providers: 0, users: 0, customers: 0, assessments: 0, respondents: 0, answers: 0, facilitatorNotes: 0, summaries: 0 };
  let scoringMs = 0;

  // Providers and their users.
  const providers = Array.from({ length: target.providers }, (_, p) => {
    const id = uuid();
    const created = ANCHOR_MS - between(4.5 * 365, 6 * 365) * DAY_MS;
    sink.add("organisations", [id, `Provider ${String(p).padStart(2, "0")} Cloud Partners`, null, null, "#0f766e", iso(created), iso(created)]);
    const userIds: Record<string, string> = {};
    for (const role of ["admin", "consultant", "sales"] as const) {
      userIds[role] = uuid();
      sink.add("users", [userIds[role], id, `${role}@p${String(p).padStart(2, "0")}.bench.example`, `${role[0].toUpperCase()}${role.slice(1)} ${p}`, role, passwordHash, 0, iso(created), iso(created)]);
      counts.users++;
    }
    counts.providers++;
    return { id, index: p, consultantId: userIds.consultant };
  });

  // Customers, with an activity weight that decides how many assessments each gets.
  const perProvider = allocate(target.customers - providers.length, providers.map((p) => (p.index === 0 ? BENCH_PROVIDER_WEIGHT : 1))).map((n) => n + 1);
  const customers: { id: string; index: number; provider: (typeof providers)[number]; created: number; weight: number; archived: boolean }[] = [];
  for (const provider of providers) {
    for (let c = 0; c < perProvider[provider.index]; c++) {
      const id = uuid();
      const created = ANCHOR_MS - between(60, 4 * 365) * DAY_MS;
      const archived = random() < 0.03;
      const name = `${pick(FIRST)} ${pick(SECOND)} ${customers.length + 1}`;
      const notes = `Generated customer. ${pick(NOTES)} ${"Runs an ageing on-premises estate next to a growing set of SaaS tools. ".repeat(1 + Math.floor(random() * 3))}`.trim();
      sink.add("customers", [id, provider.id, name, pick(INDUSTRIES), pick(SIZES), notes, archived ? iso(ANCHOR_MS - between(1, 50) * DAY_MS) : null, provider.consultantId, iso(created), iso(created)]);
      customers.push({ id, index: customers.length, provider, created, weight: random() < 0.05 ? 0 : between(0.3, 1.7), archived });
      counts.customers++;
    }
  }
  await sink.checkpoint();

  // Assessments per customer, then respondents per assessment, allocated so totals are exact.
  const assessmentsPerCustomer = allocate(target.assessments, customers.map((c) => c.weight));
  interface PlannedAssessment {
    id: string;
    customer: (typeof customers)[number];
    created: number;
    closed: number | null;
    previousId: string | null;
    workshop: boolean;
    respondents: number;
    fixedStatuses?: ("completed" | "in-progress" | "invited")[];
  }
  const planned: PlannedAssessment[] = [];
  const byCustomer = new Map<string, PlannedAssessment[]>();
  customers.forEach((customer, i) => {
    const n = assessmentsPerCustomer[i];
    const start = customer.created + 7 * DAY_MS;
    const times = Array.from({ length: n }, () => between(start, ANCHOR_MS - DAY_MS)).sort((a, b) => a - b);
    const own: PlannedAssessment[] = [];
    times.forEach((created, k) => {
      const newest = k === n - 1;
      const open = newest && (ANCHOR_MS - created < 60 * DAY_MS || random() < 0.15);
      const closeBy = newest ? ANCHOR_MS : times[k + 1];
      let closed = open ? null : Math.min(created + between(14, 60) * DAY_MS, closeBy - 1000);
      if (closed !== null && closed <= created) closed = created + 1000;
      const assessment: PlannedAssessment = {
        id: uuid(),
        customer,
        created,
        closed,
        previousId: k > 0 && random() < 0.8 ? own[k - 1].id : null,
        workshop: random() < 0.1,
        respondents: 0,
      };
      own.push(assessment);
      planned.push(assessment);
    });
    byCustomer.set(customer.id, own);
  });
  const respondentWeights = planned.map((a) => (a.workshop ? 0.5 : between(0.4, 1.6)));
  allocate(target.respondents, respondentWeights).forEach((n, i) => (planned[i].respondents = Math.max(1, n)));

  // The benchmark's customer and assessment: provider 0's customer with the most assessments, and
  // its newest closed self-serve assessment, fixed at 10 respondents (7 completed, 1 part-way, 2 invited).
  const benchProvider = providers[0];
  const benchCustomer = customers
    .filter((c) => c.provider === benchProvider && !c.archived)
    .sort((a, b) => (byCustomer.get(b.id)!.length - byCustomer.get(a.id)!.length) || (a.id < b.id ? -1 : 1))[0];
  const benchAssessments = byCustomer.get(benchCustomer.id)!;
  if (benchAssessments.length === 0) throw new Error("the benchmark provider has no assessment: use a larger --scale");
  const benchAssessment = [...benchAssessments].reverse().find((a) => a.closed !== null) ?? benchAssessments[benchAssessments.length - 1];
  const donor = planned.find((a) => a !== benchAssessment && a.respondents + benchAssessment.respondents - 10 >= 1);
  if (donor) donor.respondents += benchAssessment.respondents - 10;
  benchAssessment.respondents = 10;
  benchAssessment.workshop = false;
  benchAssessment.fixedStatuses = ["completed", "completed", "completed", "in-progress", "completed", "invited", "completed", "completed", "invited", "completed"];

  let benchAssessmentAnswers = 0;
  const started = performance.now();
  let lastLog = started;
  // Written in time order (as a real installation fills up), not customer by customer.
  planned.sort((a, b) => a.created - b.created);
  for (const [index, assessment] of planned.entries()) {
    const { customer } = assessment;
    const provider = customer.provider;
    const status = assessment.closed === null ? "open" : "closed";
    const mode = assessment.workshop ? "workshop" : "self-serve";
    const title = assessment.previousId ? `Re-assessment ${new Date(assessment.created).getUTCFullYear()}` : "Readiness baseline";
    const updated = assessment.closed ?? assessment.created;
    sink.add("assessments", [assessment.id, provider.id, customer.id, title, QUESTIONNAIRE.key, QUESTIONNAIRE.version, mode, status, assessment.previousId, provider.consultantId, iso(assessment.created), iso(updated), assessment.closed === null ? null : iso(assessment.closed)]);
    counts.assessments++;

    const end = assessment.closed ?? ANCHOR_MS;
    const scored: (ScoredRespondent & { id: string })[] = [];
    let invited = 0;
    let completed = 0;
    let answersHere = 0;
    for (let r = 0; r < assessment.respondents; r++) {
      const id = uuid();
      const group = assessment.workshop ? WORKSHOP_GROUPS[r % WORKSHOP_GROUPS.length] : SELF_SERVE_MIX[Math.floor(random() * SELF_SERVE_MIX.length)];
      const roll = random();
      const respondentStatus =
        assessment.fixedStatuses?.[r] ??
        (assessment.workshop ? (status === "closed" || roll < 0.6 ? "completed" : "in-progress") : status === "closed" ? (roll < 0.67 ? "completed" : roll < 0.77 ? "in-progress" : "invited") : roll < 0.4 ? "completed" : roll < 0.65 ? "in-progress" : "invited");
      const createdAt = assessment.created + r; // one millisecond apart, as createRespondents does
      const opened = respondentStatus === "invited" ? null : between(createdAt + 3_600_000, Math.max(createdAt + 3_600_001, end - 3_600_000));
      let answers: Record<string, unknown> = {};
      if (respondentStatus !== "invited") {
        const all = generateDemoAnswers(model, group, random);
        all.about_hybrid_meaning = pick(FREE_TEXT);
        if (random() < 0.5) all.reflections_one_thing = pick(REFLECTIONS);
        if (respondentStatus === "completed") answers = all;
        else {
          const keep = 5 + Math.floor(random() * 50);
          answers = Object.fromEntries(Object.entries(all).slice(0, keep));
        }
      }
      const names = Object.keys(answers);
      const lastActivity = opened === null ? null : Math.min(end, opened + between(5, 40) * 60_000);
      const name = pick(PEOPLE);
      sink.add("respondents", [
        id,
        provider.id,
        assessment.id,
        assessment.workshop ? "workshop" : "person",
        group,
        assessment.workshop ? `${RESPONDENT_GROUPS.find((g) => g.key === group)!.name} workshop` : null,
        assessment.workshop ? null : name,
        assessment.workshop ? null : `${name.toLowerCase().replace(/[^a-z]+/g, ".")}.${r}@customer${customer.index}.example`,
        assessment.workshop ? null : hex(32),
        assessment.workshop ? null : iso(createdAt + 30 * DAY_MS),
        0,
        respondentStatus,
        respondentStatus === "completed" ? 9 : Math.min(8, Math.floor(names.length / 9)),
        iso(createdAt),
        opened === null ? null : iso(opened),
        lastActivity === null ? null : iso(lastActivity),
        respondentStatus === "completed" && lastActivity !== null ? iso(lastActivity) : null,
      ]);
      counts.respondents++;
      invited++;
      if (respondentStatus === "completed") completed++;
      names.forEach((question, q) => {
        const at = opened! + ((lastActivity! - opened!) * (q + 1)) / (names.length + 1);
        sink.add("answers", [id, question, JSON.stringify(answers[question]), 1 + Math.floor(random() * 3), iso(at)]);
      });
      counts.answers += names.length;
      answersHere += names.length;
      if (assessment.workshop && names.length > 0) {
        const notes = Math.min(names.length, 3 + Math.floor(random() * 4));
        for (let n = 0; n < notes; n++) {
          sink.add("facilitator_notes", [id, names[Math.floor((n * names.length) / notes)], pick(NOTES), 1, iso(lastActivity!)]);
          counts.facilitatorNotes++;
        }
      }
      if (names.length > 0 && isRespondentGroup(group)) scored.push({ id, group, answers });
    }
    if (assessment === benchAssessment) benchAssessmentAnswers = answersHere;

    // The summary the app would store: the scoring engine over these answers, in the results page's order.
    if (scored.length > 0) {
      scored.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const scoringStarted = performance.now();
      const scores = scoreAssessment(model, scored);
      scoringMs += performance.now() - scoringStarted;
      const summary = summariseResults({
        assessment: { id: assessment.id, customer_id: customer.id, questionnaire_key: QUESTIONNAIRE.key },
        scores,
        participation: { invited, answered: scored.length, completed },
      } as unknown as Parameters<typeof summariseResults>[0]);
      sink.add("assessment_summaries", [assessment.id, provider.id, customer.id, QUESTIONNAIRE.key, summary.readiness, JSON.stringify(summary.dimensions), summary.respondentsAnswered, summary.respondentsInvited, summary.respondentsCompleted, iso(updated)]);
      counts.summaries++;
    }
    await sink.checkpoint();
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`generate: ${index + 1}/${planned.length} assessments, ${counts.answers.toLocaleString("en")} answers, ${((lastLog - started) / 1000).toFixed(0)} s`);
    }
  }
  await sink.finish();

  const own = planned.filter((a) => a.customer.provider === benchProvider);
  return {
    counts,
    scoringSeconds: scoringMs / 1000,
    bench: {
      organisationId: benchProvider.id,
      consultantEmail: "consultant@p00.bench.example",
      providerCustomers: customers.filter((c) => c.provider === benchProvider).length,
      providerAssessments: own.length,
      providerRespondents: own.reduce((sum, a) => sum + a.respondents, 0),
      customerId: benchCustomer.id,
      customerAssessments: benchAssessments.length,
      assessmentId: benchAssessment.id,
      assessmentRespondents: benchAssessment.respondents,
      assessmentAnswers: benchAssessmentAnswers,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// SQLite

function datasetKey(scale: number, seed: number): string {
  const migrationList = Object.keys(migrations).join(",");
  const digest = createHash("sha256").update(`${GENERATOR_VERSION}|${scale}|${seed}|${migrationList}`).digest("hex").slice(0, 12);
  return `sqlite-v${GENERATOR_VERSION}-scale${scale}-seed${seed}-${digest}`;
}

export function benchDataDir(): string {
  return resolve(process.env.CAIRN_BENCH_DATA_DIR ?? join(tmpdir(), "cairn-bench-data"));
}

export interface SqliteDataset {
  file: string;
  manifest: DatasetManifest;
  /** True when an existing generated file was reused. */
  cached: boolean;
}

/** Writes a generated database at `file` (which must not exist). */
export async function generateSqliteFile(file: string, options: { scale: number; seed?: number; log?: (line: string) => void }): Promise<DatasetManifest> {
  const seed = options.seed ?? DEFAULT_SEED;
  const log = options.log ?? (() => {});
  const started = performance.now();
  const handle = openDatabase({ url: file });
  try {
    await migrateToLatestOrThrow(handle.db);
  } finally {
    await handle.close();
  }
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const sqlite = new SQLite(file);
  let result: Awaited<ReturnType<typeof generate>>;
  try {
    sqlite.pragma("journal_mode = OFF");
    sqlite.pragma("synchronous = OFF");
    sqlite.pragma("cache_size = -1000000"); // 1 GB while loading
    const statements = Object.fromEntries(
      Object.entries(TABLES).map(([table, columns]) => [table, sqlite.prepare(`insert into ${table} (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")})`)]),
    ) as Record<TableName, SQLite.Statement>;
    let pending = 0;
    sqlite.exec("begin");
    const sink: Sink = {
      add(table, row) {
        statements[table].run(row);
        pending++;
      },
      async checkpoint() {
        if (pending < 200_000) return;
        sqlite.exec("commit");
        sqlite.exec("begin");
        pending = 0;
      },
      async finish() {
        sqlite.exec("commit");
      },
    };
    result = await generate(sink, { scale: options.scale, seed, passwordHash, log });
    // A rollback journal, not WAL, at rest: reading the cached file (the PostgreSQL load opens it
    // read-only) then leaves no -wal/-shm files beside it. Cairn turns a served copy to WAL itself.
    sqlite.pragma("journal_mode = DELETE");
  } finally {
    sqlite.close();
  }
  return {
    generatorVersion: GENERATOR_VERSION,
    key: datasetKey(options.scale, seed),
    scale: options.scale,
    seed,
    migrations: Object.keys(migrations),
    counts: result.counts,
    password: BENCH_PASSWORD,
    bench: result.bench,
    generateSeconds: (performance.now() - started) / 1000,
    scoringSeconds: result.scoringSeconds,
    fileBytes: statSync(file).size,
  };
}

/**
 * The generated SQLite database for `scale`: reused from the cache folder when a file of this
 * generator version, scale, seed and migration list is there, generated (and cached) otherwise.
 */
export async function ensureSqliteDataset(options: { scale: number; seed?: number; force?: boolean; log?: (line: string) => void }): Promise<SqliteDataset> {
  const seed = options.seed ?? DEFAULT_SEED;
  const log = options.log ?? (() => {});
  const dir = benchDataDir();
  mkdirSync(dir, { recursive: true });
  const key = datasetKey(options.scale, seed);
  const file = join(dir, `${key}.db`);
  const manifestFile = join(dir, `${key}.json`);
  if (!options.force && existsSync(file) && existsSync(manifestFile)) {
    try {
      const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as DatasetManifest;
      if (manifest.key === key && manifest.generatorVersion === GENERATOR_VERSION && manifest.fileBytes === statSync(file).size) {
        log(`generate: reusing ${file} (${formatBytes(manifest.fileBytes)}, generated in ${manifest.generateSeconds.toFixed(0)} s)`);
        return { file, manifest, cached: true };
      }
    } catch {
      // an unreadable manifest: generate again
    }
  }
  // Other versions of the same scale are stale: they take a gigabyte each at full scale.
  for (const name of readdirSync(dir)) {
    if (name.startsWith("sqlite-v") && name.includes(`-scale${options.scale}-`) && !name.startsWith(key) && !name.includes(".tmp-")) rmSync(join(dir, name), { force: true });
  }
  const temporary = join(dir, `${key}.tmp-${process.pid}-${randomBytes(3).toString("hex")}.db`);
  log(`generate: writing scale ${options.scale} (seed ${seed}) to ${file}`);
  try {
    const manifest = await generateSqliteFile(temporary, { scale: options.scale, seed, log });
    renameSync(temporary, file);
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    log(`generate: ${describeCounts(manifest.counts)} in ${manifest.generateSeconds.toFixed(1)} s (scoring ${manifest.scoringSeconds.toFixed(1)} s), ${formatBytes(manifest.fileBytes!)}`);
    return { file, manifest, cached: false };
  } finally {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(temporary + suffix, { force: true });
  }
}

/** Copies the generated database into `dataDir` as cairn.db (the file startCairn({ dataDir }) serves). */
export function copyDatasetTo(dataset: SqliteDataset, dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const target = join(dataDir, "cairn.db");
  copyFileSync(dataset.file, target, constants.COPYFILE_FICLONE);
  return target;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

export interface PostgresDataset {
  url: string;
  schema: string;
  manifest: DatasetManifest;
  drop(): Promise<void>;
}

export const DEFAULT_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** Drops benchmark schemas left behind by a run that was killed more than a day ago. */
async function dropAbandonedSchemas(client: pg.Client) {
  const { rows } = await client.query<{ schema_name: string }>("select schema_name from information_schema.schemata where schema_name like 'cairn_bench_%'");
  const dayAgo = Date.now() - DAY_MS;
  for (const { schema_name } of rows) {
    const created = Number(schema_name.split("_")[2]);
    if (/^cairn_bench_\d+_[0-9a-f]+$/.test(schema_name) && Number.isFinite(created) && created < dayAgo) await client.query(`drop schema if exists ${schema_name} cascade`);
  }
}

/**
 * The dataset of `scale` in a new PostgreSQL schema of its own; drop() removes it. The rows are
 * those of the SQLite dataset of the same scale and seed (generated first when not cached), read
 * table by table and written with unnest() multi-row inserts: the same data on both databases, and
 * no second run of the scoring engine.
 */
export async function generatePostgresDataset(options: { scale: number; seed?: number; url?: string; log?: (line: string) => void }): Promise<PostgresDataset> {
  const url = options.url ?? DEFAULT_POSTGRES_URL;
  const seed = options.seed ?? DEFAULT_SEED;
  const log = options.log ?? (() => {});
  const source = await ensureSqliteDataset({ scale: options.scale, seed, log });
  const started = performance.now();
  const schema = `cairn_bench_${Date.now()}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await dropAbandonedSchemas(admin);
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const drop = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`drop schema if exists ${schema} cascade`);
    } finally {
      await client.end();
    }
  };
  try {
    const handle = openDatabase({ url, postgresSchema: schema, poolSize: 1 });
    try {
      await migrateToLatestOrThrow(handle.db, { schema });
    } finally {
      await handle.close();
    }
    const sqlite = new SQLite(source.file, { readonly: true });
    const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await client.connect();
    try {
      await client.query("begin");
      await client.query("set local session_replication_role = replica"); // no FK triggers while loading
      for (const table of Object.keys(TABLES) as TableName[]) {
        const columns = TABLES[table];
        const types = columns.map((column) => PG_TYPES[`${table}.${column}`] ?? "text");
        const insert = `insert into ${table} (${columns.join(", ")}) select * from unnest(${types.map((type, i) => `$${i + 1}::${type}[]`).join(", ")})`;
        let batch: Value[][] = [];
        const flush = async () => {
          if (batch.length === 0) return;
          const rows = batch;
          batch = [];
          await client.query(insert, columns.map((_, c) => rows.map((row) => row[c])));
        };
        for (const row of sqlite.prepare(`select ${columns.join(", ")} from ${table} order by rowid`).raw().iterate() as Iterable<Value[]>) {
          batch.push(row);
          if (batch.length >= 10_000) await flush();
        }
        await flush();
      }
      await client.query("commit");
      // What autovacuum would have done by now in production: statistics and the visibility map.
      for (const table of Object.keys(TABLES)) await client.query(`vacuum (analyze) ${table}`);
    } finally {
      await client.end();
      sqlite.close();
    }
    const manifest: DatasetManifest = {
      ...source.manifest,
      key: source.manifest.key.replace(/^sqlite-/, "postgres-"),
      generateSeconds: (performance.now() - started) / 1000,
      scoringSeconds: 0,
      fileBytes: undefined,
    };
    log(`generate: PostgreSQL schema ${schema}: ${describeCounts(manifest.counts)} loaded from ${source.file} in ${manifest.generateSeconds.toFixed(1)} s`);
    return { url, schema, manifest, drop };
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------

export function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(2)} GiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

export function describeCounts(c: DatasetCounts): string {
  const n = (value: number) => value.toLocaleString("en");
  return `${n(c.providers)} providers, ${n(c.customers)} customers, ${n(c.assessments)} assessments, ${n(c.respondents)} respondents, ${n(c.answers)} answers, ${n(c.facilitatorNotes)} notes, ${n(c.summaries)} summaries`;
}

async function main() {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const scale = Number(value("--scale") ?? (args.includes("--postgres") ? 0.1 : 1));
  const seed = Number(value("--seed") ?? DEFAULT_SEED);
  const log = (line: string) => console.log(line);
  if (args.includes("--postgres")) {
    const dataset = await generatePostgresDataset({ scale, seed, url: value("--url"), log });
    console.log(JSON.stringify(dataset.manifest, null, 2));
    if (args.includes("--keep")) console.log(`kept schema ${dataset.schema}; drop it with: drop schema ${dataset.schema} cascade`);
    else await dataset.drop();
    return;
  }
  const dataset = await ensureSqliteDataset({ scale, seed, force: args.includes("--force"), log });
  console.log(JSON.stringify({ file: dataset.file, cached: dataset.cached, ...dataset.manifest }, null, 2));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
