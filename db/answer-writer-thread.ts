/*
 * Worker thread entry of db/answer-writer.ts: commits autosave batches on its own connection.
 * Relative imports only (it runs under tsx, outside the Remix build).
 */
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
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

function apply(request: AnswerWriterRequest): string[][] | undefined {
  if (request.kind === "answers") return commitSerializedAnswerBatch(sqlite, statements, request.writes, request.now);
  insertAudit.run(request.row);
  return undefined;
}

/*
 * Everything already queued is committed in one transaction, so one disk flush covers them all: an
 * audit row (a report download, a sign-in) no longer costs the autosaves queued behind it a flush
 * of their own. Each request runs in a savepoint of its own (better-sqlite3 nests transactions that
 * way), so one that fails is rolled back and answered alone. Replies go out after COMMIT returns.
 */
const applyInSavepoint = sqlite.transaction(apply);
const commitTogether = sqlite.transaction((requests: AnswerWriterRequest[]) =>
  requests.map((request): AnswerWriterReply => {
    try {
      const stale = applyInSavepoint(request);
      return stale ? { id: request.id, ok: true, stale } : { id: request.id, ok: true };
    } catch (error) {
      return { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }),
);

port.on("message", (first: AnswerWriterRequest) => {
  const requests = [first];
  for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) requests.push(next.message as AnswerWriterRequest);
  let replies: AnswerWriterReply[];
  try {
    replies = commitTogether(requests);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    replies = requests.map(({ id }) => ({ id, ok: false, error: message }));
  }
  for (const reply of replies) port.postMessage(reply);
});
