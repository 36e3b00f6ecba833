/*
 * Autosaves on SQLite are committed by a thread of their own.
 *
 * better-sqlite3 is synchronous: a COMMIT with synchronous=FULL waits for the disk to flush, and on
 * the HTTP thread that wait stopped every other request (a third of the server's time per save
 * under load). This thread has its own connection to the same file, with the same settings
 * (sqlite-driver.ts), and commits each group-committed batch there while the HTTP thread goes on
 * reading and checking the next saves. A batch's promise resolves only once its COMMIT has
 * returned, so an acknowledged answer is on disk exactly as before.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { AuditLogTable } from "./schema";
import type SQLite from "./sqlite-driver";

/** An answer batch as it crosses to the thread: values already JSON, so the copy is cheap. */
export interface SerializedAnswerWrite {
  respondentId: string;
  answers: { questionName: string; valueJson: string; seq: number }[];
  notes: { questionName: string; note: string; seq: number }[];
  currentPage?: number;
}

/** An audit_log row, as the writer thread inserts it. */
export type AuditRow = AuditLogTable;

export type AnswerWriterRequest = { id: number; kind: "answers"; now: string; writes: SerializedAnswerWrite[] } | { id: number; kind: "audit"; row: AuditRow };
/** `stale`, for an answers request: per write, the questions a newer stored answer kept unchanged. */
export type AnswerWriterReply = { id: number; ok: true; stale?: string[][] } | { id: number; ok: false; error: string };

export const ANSWER_WRITER_ENTRY = "db/answer-writer-thread.ts";

interface Pending {
  resolve: (stale: string[][]) => void;
  reject: (error: Error) => void;
}

export class SqliteAnswerWriter {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly file: string) {}

  /** Resolves once committed, with the stale questions of each write (see commitSerializedAnswerBatch). */
  commit(writes: SerializedAnswerWrite[], now: string): Promise<string[][]> {
    return this.send({ kind: "answers", now, writes });
  }

  /** Audit rows are written here too: on the HTTP thread each one would wait for its own disk flush. */
  async recordAudit(row: AuditRow): Promise<void> {
    await this.send({ kind: "audit", row });
  }

  private send(job: { kind: "answers"; now: string; writes: SerializedAnswerWrite[] } | { kind: "audit"; row: AuditRow }): Promise<string[][]> {
    if (this.closed) return Promise.reject(new Error("The answer writer is closed."));
    const worker = this.worker ?? this.spawn();
    const id = this.nextId++;
    return new Promise<string[][]>((resolvePromise, reject) => {
      this.pending.set(id, { resolve: resolvePromise, reject });
      const request: AnswerWriterRequest = { id, ...job };
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
    this.failPending(new Error("The answer writer was closed before the save was committed."));
  }

  private spawn(): Worker {
    const entry = pathToFileURL(resolve(process.cwd(), ANSWER_WRITER_ENTRY)).href;
    // Registers tsx's loader in the thread, as the PDF workers do, then loads the entry.
    const code = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
    const worker = new Worker(code, { eval: true, workerData: { file: this.file } });
    // A writer that is idle must not keep a finished process (a test, a CLI) alive.
    worker.unref();
    worker.on("message", (reply: AnswerWriterReply) => {
      const job = this.pending.get(reply.id);
      if (!job) return;
      this.pending.delete(reply.id);
      if (reply.ok) job.resolve(reply.stale ?? []);
      else job.reject(new Error(reply.error));
    });
    const retire = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.failPending(error);
    };
    worker.on("error", (error) => retire(error instanceof Error ? error : new Error(String(error))));
    worker.on("exit", (code) => retire(new Error(`The answer writer thread stopped (exit code ${code}).`)));
    this.worker = worker;
    return worker;
  }

  private failPending(error: Error) {
    const jobs = [...this.pending.values()];
    this.pending.clear();
    for (const job of jobs) job.reject(error);
  }
}

const writers = new WeakMap<SQLite.Database, SqliteAnswerWriter>();

/**
 * The writer thread for this connection's file, or null where saves are committed in-thread: an
 * in-memory database (another connection would see another database) or CAIRN_ANSWER_WRITER=inline.
 */
export function answerWriterFor(sqlite: SQLite.Database): SqliteAnswerWriter | null {
  if (sqlite.memory || process.env.CAIRN_ANSWER_WRITER === "inline") return null;
  let writer = writers.get(sqlite);
  if (!writer) {
    writer = new SqliteAnswerWriter(sqlite.name);
    writers.set(sqlite, writer);
  }
  return writer;
}

export async function closeAnswerWriter(sqlite: SQLite.Database): Promise<void> {
  const writer = writers.get(sqlite);
  writers.delete(sqlite);
  await writer?.close();
}
