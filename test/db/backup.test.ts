import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import SQLite, { SQLITE_DRIVER_PACKAGE } from "../../db/sqlite-driver";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { yieldToEventLoop } from "../../app/utils/event-loop";
import { backupDatabase, POSTGRES_BACKUP_ADVICE, restoreDatabase } from "../../db/backup";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { saveAnswers } from "../../db/repositories/answers";
import { createProvider } from "../support/fixtures";
import { createSurveyAssessment } from "../support/survey-fixtures";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

const TABLES = ["organisations", "users", "sessions", "customers", "questionnaires", "assessments", "respondents", "answers", "facilitator_notes", "audit_log", "assessment_summaries", "kysely_migration"];

async function tableRows(db: DatabaseHandle["db"], table: string): Promise<string[]> {
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
  return rows.map((row) => JSON.stringify(row)).sort();
}


describe.skipIf(currentTestDialect() !== "sqlite")("SQLite backups and restores (SQLite only: on PostgreSQL, pg_dump and pg_restore are the tools)", () => {
  let database: TestDatabase;
  let dir: string;
  let organisationId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), "cairn-backup-"));
    const north = await createProvider(database.db, "North");
    await createProvider(database.db, "South");
    organisationId = north.organisation.id;
    const survey = await createSurveyAssessment(database.db, { organisationId, customerId: north.customer.id, groups: ["it", "business", "executive"] });
    for (const [i, respondent] of survey.respondents.entries()) {
      await saveAnswers(database.db, {
        respondentId: respondent.id,
        answers: [
          { questionName: "culture_change_response", value: ["engaged", "complied", "resisted"][i], seq: 1 },
          { questionName: "reflections_one_thing", value: `Answer ${i}: "quotes", ünïcödé, \u{1F600}`, seq: 1 },
        ],
      });
    }
    // Enough rows that the copy is more than a few pages.
    for (let i = 0; i < 2000; i++) await database.db.insertInto("audit_log").values({ id: `seed-${i}`, organisation_id: organisationId, user_id: null, action: "seed", target_type: null, target_id: String(i), detail_json: JSON.stringify({ padding: "x".repeat(200) }), ip: null, created_at: new Date().toISOString() }).execute();
  });
  afterAll(async () => {
    await database?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Sequence numbers written by a writer (action `writer`), each transaction writing two rows `n-a` and `n-b`. */
  async function writtenSequences(db: DatabaseHandle["db"], writer: string): Promise<{ numbers: number[]; halves: string[] }> {
    const rows = await db.selectFrom("audit_log").select("target_id").where("action", "=", writer).execute();
    const halves = rows.map((r) => r.target_id!);
    const numbers = [...new Set(halves.map((h) => Number(h.split("-")[0])))].sort((a, b) => a - b);
    return { numbers, halves };
  }

  /** A consistent snapshot: whole transactions only, and a prefix of what the writer wrote. */
  function expectSnapshotOf(snapshot: { numbers: number[]; halves: string[] }) {
    expect(snapshot.halves.length).toBe(snapshot.numbers.length * 2);
    expect(snapshot.numbers).toEqual(snapshot.numbers.map((_, i) => i + 1));
  }

  it("backs up while the app writes on the same handle, in transactions that span the copy, and restores exactly", async () => {
    let running = true;
    let written = 0;
    const writer = (async () => {
      while (running) {
        const n = ++written;
        await database.db.transaction().execute(async (trx) => {
          const row = { organisation_id: organisationId, user_id: null, action: "app-writer", target_type: null, detail_json: null, ip: null, created_at: new Date().toISOString() };
          await trx.insertInto("audit_log").values({ ...row, id: `app-${n}-a`, target_id: `${n}-a` }).execute();
          // The transaction stays open across a turn of the event loop, as the app's do.
          await yieldToEventLoop();
          await trx.insertInto("audit_log").values({ ...row, id: `app-${n}-b`, target_id: `${n}-b` }).execute();
        });
        await yieldToEventLoop();
      }
    })();
    while (written < 20) await yieldToEventLoop();
    const file = join(dir, "same-handle.db");
    const result = await backupDatabase(database, file);
    const writtenAtBackup = written;
    while (written < writtenAtBackup + 20) await yieldToEventLoop();
    running = false;
    await writer;

    expect(result.bytes).toBeGreaterThan(100_000);
    expect(readdirSync(dir).filter((f) => f.startsWith("same-handle.db"))).toEqual(["same-handle.db"]);

    const restoredPath = join(dir, "restored-same-handle", "cairn.db");
    const restore = restoreDatabase(file, restoredPath);
    const { rows: applied } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(database.db);
    expect(restore.migrations).toEqual(applied.map((r) => r.name));
    const restored = openDatabase({ url: restoredPath });
    try {
      expect(restored.sqlite!.pragma("integrity_check", { simple: true })).toBe("ok");
      for (const table of TABLES.filter((t) => t !== "audit_log" && t !== "sessions")) {
        expect(await tableRows(restored.db, table), table).toEqual(await tableRows(database.db, table));
      }
      const snapshot = await writtenSequences(restored.db, "app-writer");
      expectSnapshotOf(snapshot);
      expect(snapshot.numbers.length).toBeGreaterThanOrEqual(19);
      expect(snapshot.numbers.length).toBeLessThanOrEqual(writtenAtBackup);
      // Everything else in the audit log is as it was.
      const withoutWriter = async (db: DatabaseHandle["db"]) => (await tableRows(db, "audit_log")).filter((r) => !r.includes('"app-writer"'));
      expect(await withoutWriter(restored.db)).toEqual(await withoutWriter(database.db));
      // Every restored writer row is exactly as in the source.
      const source = new Set(await tableRows(database.db, "audit_log"));
      expect((await tableRows(restored.db, "audit_log")).filter((r) => !source.has(r))).toEqual([]);
    } finally {
      await restored.close();
    }
  });

  it("backs up a consistent snapshot while another process writes to the database", async () => {
    const path = database.sqlite!.name;
    const script = `
      const SQLite = require(${JSON.stringify(SQLITE_DRIVER_PACKAGE)});
      const db = new SQLite(process.argv[1], { timeout: 5000 });
      db.pragma("journal_mode = WAL");
      const insert = db.prepare("insert into audit_log (id, organisation_id, action, target_id, created_at) values (?, ?, 'other-process', ?, ?)");
      const pair = db.transaction((n) => { insert.run("p-" + n + "-a", process.argv[2], n + "-a", new Date().toISOString()); insert.run("p-" + n + "-b", process.argv[2], n + "-b", new Date().toISOString()); });
      let n = 0;
      const tick = () => { pair(++n); if (n % 50 === 0) process.stdout.write(String(n) + "\\n"); setImmediate(tick); };
      tick();
    `;
    const child = spawn(process.execPath, ["-e", script, path, organisationId], { cwd: resolve("."), stdio: ["ignore", "pipe", "inherit"] });
    let childWrites = 0;
    child.stdout.on("data", (chunk: Buffer) => (childWrites = Math.max(childWrites, ...chunk.toString().trim().split("\n").map(Number))));
    try {
      const deadline = Date.now() + 15_000;
      while (childWrites < 100 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(childWrites).toBeGreaterThanOrEqual(100);
      const file = join(dir, "other-process.db");
      await backupDatabase(database, file);
      const atBackup = childWrites;
      while (childWrites < atBackup + 100 && Date.now() < deadline + 15_000) await new Promise((r) => setTimeout(r, 20));
      const restoredPath = join(dir, "restored-other-process.db");
      restoreDatabase(file, restoredPath);
      const restored = openDatabase({ url: restoredPath });
      try {
        const snapshot = await writtenSequences(restored.db, "other-process");
        expectSnapshotOf(snapshot);
        expect(snapshot.numbers.length).toBeGreaterThanOrEqual(100);
        for (const table of ["customers", "respondents", "answers", "users"]) expect(await tableRows(restored.db, table), table).toEqual(await tableRows(database.db, table));
      } finally {
        await restored.close();
      }
    } finally {
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
    }
  });

  it("never overwrites: not an existing backup file, not a database without --force", async () => {
    const file = join(dir, "refusals.db");
    await backupDatabase(database, file);
    await expect(backupDatabase(database, file)).rejects.toThrow(/already exists/);

    const target = join(dir, "refusals-target.db");
    restoreDatabase(file, target);
    expect(() => restoreDatabase(file, target)).toThrow(/already exists at .*--force/);

    // A database in use has its -wal and -shm files beside it.
    const open = new SQLite(target);
    open.pragma("journal_mode = WAL");
    open.prepare("insert into audit_log (id, action, created_at) values ('in-use', 'in-use', 'now')").run();
    expect(() => restoreDatabase(file, target)).toThrow(/looks open .*stop Cairn first/);
    open.close();

    const forced = restoreDatabase(file, target, { force: true });
    expect(forced.previous).toMatch(/refusals-target\.db\.replaced-/);
    expect(existsSync(forced.previous!)).toBe(true);
    const kept = new SQLite(forced.previous!, { readonly: true });
    expect(kept.prepare("select count(*) as n from audit_log where id = 'in-use'").get()).toEqual({ n: 1 });
    kept.close();
    const replaced = new SQLite(target, { readonly: true });
    expect(replaced.prepare("select count(*) as n from audit_log where id = 'in-use'").get()).toEqual({ n: 0 });
    replaced.close();
  });

  it("refuses to restore a damaged file, a database that is not Cairn's, or one from a newer Cairn, leaving the target alone", () => {
    const target = join(dir, "untouched.db");
    writeFileSync(target, "the current database");
    const attempts: [string, (path: string) => void, RegExp][] = [
      ["garbage.db", (p) => writeFileSync(p, "this is not a database at all ".repeat(200)), /not a database|damaged|malformed/i],
      [
        "foreign.db",
        (p) => {
          const db = new SQLite(p);
          db.exec("create table notes (id integer primary key, body text); insert into notes (body) values ('hello');");
          db.close();
        },
        /not a Cairn database/,
      ],
      [
        "newer.db",
        (p) => {
          const db = new SQLite(p);
          db.exec("create table kysely_migration (name varchar(255) not null primary key, timestamp varchar(255) not null); insert into kysely_migration values ('001-initial', 'x'), ('999-from-the-future', 'x');");
          db.close();
        },
        /newer Cairn .*999-from-the-future/,
      ],
    ];
    for (const [name, make, message] of attempts) {
      const file = join(dir, name);
      make(file);
      expect(() => restoreDatabase(file, target, { force: true }), name).toThrow(message);
    }
    const left = readdirSync(dir).filter((f) => f.startsWith("untouched.db") || f.startsWith(".untouched.db"));
    expect(left).toEqual(["untouched.db"]);
  });

  it("runs as a command: backup and restore through DATABASE_URL", () => {
    const source = join(dir, "cli-source.db");
    restoreDatabase(join(dir, "refusals.db"), source);
    const backupFile = join(dir, "cli", "backup.db");
    const run = (args: string[], env: Record<string, string>) =>
      spawnSync(process.execPath, ["--import", "tsx", resolve("db/backup.ts"), ...args], { env: { ...process.env, ...env }, encoding: "utf8" });

    const backup = run(["backup", backupFile], { DATABASE_URL: source });
    expect(backup.stderr).toBe("");
    expect(backup.stdout).toMatch(/Backed up .* \(\d+ bytes, checked\)/);
    expect(backup.status).toBe(0);

    const target = join(dir, "cli-target", "cairn.db");
    const restore = run(["restore", backupFile], { DATABASE_URL: target });
    expect(restore.status).toBe(0);
    expect(restore.stdout).toMatch(/Restored .* \(migrations: 001-initial/);
    const again = run(["restore", backupFile], { DATABASE_URL: target });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/--force/);

    const postgres = run(["backup"], { DATABASE_URL: "postgres://user:secret@db.example:5432/cairn" });
    expect(postgres.status).toBe(2);
    expect(postgres.stderr).toContain("pg_dump");
    expect(postgres.stderr).toContain("pg_restore");
    expect(postgres.stderr + postgres.stdout).not.toContain("secret");
  });
});

describe.skipIf(currentTestDialect() !== "postgres" || databaseUnavailable())("backups on PostgreSQL", () => {
  it("are left to pg_dump and pg_restore, and backupDatabase says so", async () => {
    const database = await createTestDatabase();
    try {
      await expect(backupDatabase(database, join(tmpdir(), "never-written.db"))).rejects.toThrow(POSTGRES_BACKUP_ADVICE);
      expect(POSTGRES_BACKUP_ADVICE).toMatch(/pg_dump[\s\S]*pg_restore/);
    } finally {
      await database.destroy();
    }
  });
});
