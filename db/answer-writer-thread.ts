/*
 * Worker thread entry of db/answer-writer.ts: commits autosave batches on its own connection.
 * Relative imports only (it runs under tsx, outside the Remix build).
 */
import { parentPort, workerData } from "node:worker_threads";
import type { AnswerWriterReply, AnswerWriterRequest } from "./answer-writer";
import { commitSerializedAnswerBatch, prepareAnswerStatements } from "./repositories/answer-statements";
import { openSqliteConnection } from "./sqlite-driver";

const port = parentPort;
if (!port) throw new Error("answer-writer-thread.ts must run as a worker thread");

const sqlite = openSqliteConnection((workerData as { file: string }).file);
const statements = prepareAnswerStatements(sqlite);
const insertAudit = sqlite.prepare(
  `insert into audit_log (id, organisation_id, user_id, action, target_type, target_id, detail_json, ip, created_at)
   values (@id, @organisation_id, @user_id, @action, @target_type, @target_id, @detail_json, @ip, @created_at)`,
);

port.on("message", (request: AnswerWriterRequest) => {
  const { id } = request;
  let reply: AnswerWriterReply;
  try {
    if (request.kind === "answers") commitSerializedAnswerBatch(sqlite, statements, request.writes, request.now);
    else insertAudit.run(request.row);
    reply = { id, ok: true };
  } catch (error) {
    reply = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
