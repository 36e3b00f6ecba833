import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { openDatabase } from "../../db/client";
import { startCairn, type RunningCairn } from "../e2e/support/cairn-server";
import { createSurveyAssessment } from "../support/survey-fixtures";

export interface CrashRoundResult {
  round: number;
  acknowledged: number;
  lost: number;
  integrity: string;
}

/**
 * Drives autosaves from many respondents at once, kills the server with SIGKILL mid-load, restarts
 * it on the same database, and checks that every save the clients saw acknowledged is on disk.
 */
export async function runCrashTest({ rounds, clients = 16, loadMs = 400, log = () => {} }: { rounds: number; clients?: number; loadMs?: number; log?: (line: string) => void }) {
  const dataDir = mkdtempSync(join(tmpdir(), "cairn-crash-"));
  let cairn: RunningCairn = await startCairn({ dataDir });
  const results: CrashRoundResult[] = [];
  try {
    const handle = openDatabase({ url: cairn.databasePath });
    const organisation = await handle.db.selectFrom("organisations").select("id").executeTakeFirstOrThrow();
    const customer = await handle.db.selectFrom("customers").select("id").executeTakeFirstOrThrow();
    const survey = await createSurveyAssessment(handle.db, { organisationId: organisation.id, customerId: customer.id, groups: Array.from({ length: clients }, () => "it") });
    await handle.close();

    const highestAcknowledged = new Map<string, number>();
    let seq = 0;
    for (let round = 1; round <= rounds; round++) {
      const cookies = await Promise.all(
        survey.respondents.map(async (r) => {
          const response = await fetch(`${cairn.baseUrl}/s/${r.token}`, { redirect: "manual" });
          return (response.headers.get("set-cookie") ?? "").split(";")[0];
        }),
      );
      let stop = false;
      let acknowledged = 0;
      const workers = survey.respondents.map(async (respondent, i) => {
        while (!stop) {
          const mySeq = ++seq;
          try {
            const response = await fetch(`${cairn.baseUrl}/survey/${respondent.id}/answers`, {
              method: "POST",
              headers: { "Content-Type": "application/json", Cookie: cookies[i] },
              body: JSON.stringify({ answers: [{ question: "about_hybrid_meaning", value: `answer ${mySeq}`, seq: mySeq }] }),
            });
            if (response.status === 200) {
              acknowledged++;
              highestAcknowledged.set(respondent.id, Math.max(highestAcknowledged.get(respondent.id) ?? 0, mySeq));
            } else if (response.status !== 429) {
              throw new Error(`save answered ${response.status}: ${await response.text()}`);
            }
          } catch (error) {
            if (!stop && !(error instanceof TypeError)) throw error;
            return; // connection refused or reset: the server is gone
          }
        }
      });
      // Kill mid-load: once saves are being acknowledged (a fresh server on a busy machine may take
      // a while for its first), and a little after, so requests are in flight when it dies.
      const deadline = Date.now() + 30_000;
      while (acknowledged < clients * 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, loadMs));
      await cairn.kill9();
      stop = true;
      await Promise.all(workers);

      cairn = await startCairn({ dataDir });
      const check = openDatabase({ url: cairn.databasePath });
      const rows = await check.db.selectFrom("answers").select(["respondent_id", "client_seq", "value_json"]).where("question_name", "=", "about_hybrid_meaning").execute();
      const integrity = (await sql<{ integrity_check: string }>`pragma integrity_check`.execute(check.db)).rows[0].integrity_check;
      await check.close();
      const stored = new Map(rows.map((r) => [r.respondent_id, r.client_seq]));
      let lost = 0;
      for (const [respondentId, ackSeq] of highestAcknowledged) if ((stored.get(respondentId) ?? 0) < ackSeq) lost++;
      results.push({ round, acknowledged, lost, integrity });
      log(`crash round ${round}: ${acknowledged} saves acknowledged before SIGKILL, ${lost} lost, integrity_check ${integrity}`);
    }
  } finally {
    await cairn.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}
