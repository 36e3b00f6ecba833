/*
 * Backups of a SQLite database, taken while Cairn runs, and their restore.
 *
 *   npm run db:backup [-- <file>]              a consistent copy of DATABASE_URL's database
 *   npm run db:restore -- <file> [--force]     puts a backup in place of DATABASE_URL's database
 *
 * A backup uses SQLite's online backup API (better-sqlite3's db.backup()) on a connection of its
 * own: it copies the committed database as one consistent snapshot while the app goes on reading
 * and writing (in WAL mode a reader never blocks a writer). The copy is written beside its final name, checked with integrity_check,
 * turned into a self-contained single file (journal_mode=DELETE) and only then renamed into
 * place, so a backup file that exists is a whole one.
 *
 * A restore never writes into a database: it copies the backup next to the target, checks it
 * (integrity_check, Cairn's migration table, no migration this code does not know), and renames
 * it into place. It refuses while the target looks open (its -wal or -shm file exists) or exists
 * at all, unless forced; forced, the old files are kept beside it, renamed, not deleted.
 *
 * PostgreSQL has its own tools for this: pg_dump and pg_restore.
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import SQLite from "./sqlite-driver";
import { openDatabase, type DatabaseHandle } from "./client";
import { migrations } from "./migrations";

export const POSTGRES_BACKUP_ADVICE = [
  "Cairn's backup and restore commands are for SQLite. On PostgreSQL, use PostgreSQL's own tools:",
  '  pg_dump --format=custom --file=cairn.dump "$DATABASE_URL"',
  '  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" cairn.dump',
].join("\n");

/** kysely's migration bookkeeping table: present in every database Cairn has migrated. */
const MIGRATION_TABLE = "kysely_migration";

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
}

/**
 * Copies the database of `handle` to `file` (which must not exist yet), safely while the app runs
 * on that handle. The copy is read through a connection of its own: it sees committed data only,
 * never a transaction the app has open on its connection at that moment.
 */
export async function backupDatabase(handle: DatabaseHandle, file: string): Promise<BackupResult> {
  if (handle.dialect !== "sqlite" || !handle.sqlite) throw new Error(POSTGRES_BACKUP_ADVICE);
  const target = resolve(file);
  if (existsSync(target)) throw new Error(`${target} already exists; a backup never overwrites a file.`);
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  removeDatabaseFiles(partial);
  const source = handle.sqlite.memory ? handle.sqlite : new SQLite(handle.sqlite.name, { fileMustExist: true, timeout: 5000 });
  try {
    // The first step only measures; the next copies every page in one read transaction, so that
    // writers (this process's or another's) can neither restart the copy nor tear it.
    const progress = await source.backup(partial, { progress: () => 0x7fffffff });
    if (source !== handle.sqlite) source.close();
    settleAsSingleFile(partial);
    syncFile(partial);
    renameSync(partial, target);
    syncDirectory(dirname(target));
    return { file: target, bytes: statSync(target).size, pages: progress.totalPages };
  } catch (error) {
    if (source !== handle.sqlite && source.open) source.close();
    removeDatabaseFiles(partial);
    throw error;
  }
}

export interface RestoreResult {
  target: string;
  migrations: string[];
  /** Where the database that was replaced now is, when one was. */
  previous: string | null;
}

/**
 * Puts the backup `file` in place as the SQLite database at `targetPath`. Refuses when a database
 * is already there (or looks open) unless `force`; then the old files are renamed, not deleted.
 */
export function restoreDatabase(file: string, targetPath: string, { force = false }: { force?: boolean } = {}): RestoreResult {
  const source = resolve(file);
  const target = resolve(targetPath);
  if (!existsSync(source)) throw new Error(`There is no backup at ${source}.`);
  if (source === target) throw new Error("The backup and the target are the same file.");
  const targetFiles = [target, `${target}-wal`, `${target}-shm`, `${target}-journal`].filter((f) => existsSync(f));
  if (targetFiles.length > 0 && !force) {
    const open = targetFiles.some((f) => /-(wal|shm)$/.test(f));
    throw new Error(
      open
        ? `The database at ${target} looks open (${targetFiles.map((f) => basename(f)).join(", ")} exist): stop Cairn first. Pass --force to replace it anyway; the old files are kept beside it.`
        : `A database already exists at ${target}. Pass --force to replace it; the old file is kept beside it.`,
    );
  }

  mkdirSync(dirname(target), { recursive: true });
  const staged = join(dirname(target), `.${basename(target)}.restoring`);
  removeDatabaseFiles(staged);
  try {
    copyFileSync(source, staged);
    const applied = checkRestorable(staged);
    settleAsSingleFile(staged);
    syncFile(staged);

    let previous: string | null = null;
    if (targetFiles.length > 0) {
      previous = `${target}.replaced-${new Date().toISOString().replace(/[:.]/g, "-")}`;
      for (const f of targetFiles) renameSync(f, previous + f.slice(target.length));
    }
    renameSync(staged, target);
    syncDirectory(dirname(target));
    return { target, migrations: applied, previous };
  } catch (error) {
    removeDatabaseFiles(staged);
    throw error;
  }
}

/** Checks a copied backup and returns the migrations it has applied. */
function checkRestorable(path: string): string[] {
  const db = new SQLite(path, { fileMustExist: true });
  try {
    const integrity = db.pragma("integrity_check") as { integrity_check: string }[];
    if (integrity.length !== 1 || integrity[0].integrity_check !== "ok") {
      throw new Error(`The backup is damaged: ${integrity.map((r) => r.integrity_check).slice(0, 5).join("; ")}`);
    }
    const table = db.prepare("select name from sqlite_master where type = 'table' and name = ?").get(MIGRATION_TABLE);
    if (!table) throw new Error(`The backup is not a Cairn database: it has no ${MIGRATION_TABLE} table.`);
    const applied = (db.prepare(`select name from ${MIGRATION_TABLE} order by name`).all() as { name: string }[]).map((r) => r.name);
    const unknown = applied.filter((name) => !(name in migrations));
    if (unknown.length > 0) {
      throw new Error(`The backup comes from a newer Cairn (migrations ${unknown.join(", ")} are unknown here): restore it with that version.`);
    }
    return applied;
  } finally {
    db.close();
  }
}

/** Folds any WAL into the file and leaves it in rollback-journal mode: one self-contained file. */
function settleAsSingleFile(path: string) {
  const db = new SQLite(path, { fileMustExist: true });
  try {
    db.pragma("journal_mode = DELETE");
    const integrity = db.pragma("quick_check", { simple: true });
    if (integrity !== "ok") throw new Error(`The copy at ${path} failed its check: ${String(integrity)}`);
  } finally {
    db.close();
  }
}

function removeDatabaseFiles(path: string) {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(path + suffix, { force: true });
}

function syncFile(path: string) {
  const fd = openSync(path, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A rename is durable only once its directory is synced. */
function syncDirectory(path: string) {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function defaultBackupFile(databasePath: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*$/, "").replace("T", "-");
  return join(dirname(databasePath), "backups", `cairn-${stamp}.db`);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const force = rest.includes("--force");
  const [file] = rest.filter((a) => a !== "--force");
  const url = process.env.DATABASE_URL?.trim() || "./data/cairn.db";
  if (/^postgres(ql)?:\/\//.test(url)) {
    console.error(POSTGRES_BACKUP_ADVICE);
    return 2;
  }
  const databasePath = resolve(url.replace(/^file:/, ""));

  if (command === "backup") {
    if (!existsSync(databasePath)) {
      console.error(`There is no database at ${databasePath} (DATABASE_URL).`);
      return 1;
    }
    const handle = openDatabase({ url: databasePath });
    try {
      const result = await backupDatabase(handle, file ?? defaultBackupFile(databasePath));
      console.log(`Backed up ${databasePath} to ${result.file} (${result.bytes} bytes, checked).`);
      return 0;
    } finally {
      await handle.close();
    }
  }
  if (command === "restore" && file) {
    const result = restoreDatabase(file, databasePath, { force });
    console.log(`Restored ${resolve(file)} to ${result.target} (migrations: ${result.migrations.join(", ")}).`);
    if (result.previous) console.log(`The database it replaced is kept at ${result.previous}.`);
    console.log("Start Cairn as usual: it applies any newer migrations on start.");
    return 0;
  }
  console.error("Usage: tsx db/backup.ts backup [<file>]\n       tsx db/backup.ts restore <file> [--force]\n(the database is DATABASE_URL's, by default ./data/cairn.db)");
  return 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
