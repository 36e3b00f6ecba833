import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerWriterFor } from "../../db/answer-writer";
import { listAnswers, saveAnswerBatch } from "../../db/repositories/answers";
import { listAuditLog, recordAuditEventFor } from "../../db/repositories/audit-log";
import { createProvider } from "../support/fixtures";
import { createSurveyAssessment } from "../support/survey-fixtures";
import { createTestDatabase, currentTestDialect, type TestDatabase } from "../support/test-database";

describe.skipIf(currentTestDialect() !== "sqlite")("the answer writer thread (SQLite files only: PostgreSQL commits without blocking)", () => {
  let database: TestDatabase;
  let respondentIds: string[];
  let organisationId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const north = await createProvider(database.db, "North");
    const survey = await createSurveyAssessment(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, groups: ["it", "business", "executive"] });
    respondentIds = survey.respondents.map((r) => r.id);
    organisationId = north.organisation.id;
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it("commits saves on a thread of its own, visible to the app's connection as soon as they are acknowledged", async () => {
    expect(answerWriterFor(database.sqlite!)).not.toBeNull();
    await saveAnswerBatch(database, [
      { respondentId: respondentIds[0], answers: [{ questionName: "culture_change_response", value: "engaged", seq: 3 }], notes: [] },
      { respondentId: respondentIds[1], answers: [{ questionName: "skills_cloud_training", value: ["labs", "courses"], seq: 1 }], notes: [], currentPage: 2 },
    ]);
    expect(await listAnswers(database.db, { respondentId: respondentIds[0] })).toMatchObject([{ questionName: "culture_change_response", value: "engaged", seq: 3 }]);
    expect(await listAnswers(database.db, { respondentId: respondentIds[1] })).toMatchObject([{ questionName: "skills_cloud_training", value: ["labs", "courses"], seq: 1 }]);
    const page = await database.db.selectFrom("respondents").select("current_page").where("id", "=", respondentIds[1]).executeTakeFirstOrThrow();
    expect(page.current_page).toBe(2);

    // Newest sequence wins, in the thread as in-process.
    await saveAnswerBatch(database, [{ respondentId: respondentIds[0], answers: [{ questionName: "culture_change_response", value: "resisted", seq: 2 }], notes: [] }]);
    expect(await listAnswers(database.db, { respondentId: respondentIds[0] })).toMatchObject([{ value: "engaged", seq: 3 }]);
  });

  it("rejects a batch it cannot commit and keeps none of it", async () => {
    const failing = saveAnswerBatch(database, [
      { respondentId: respondentIds[2], answers: [{ questionName: "governance_policy", value: "yes", seq: 1 }], notes: [] },
      { respondentId: "no-such-respondent", answers: [{ questionName: "governance_policy", value: "yes", seq: 1 }], notes: [] },
    ]);
    await expect(failing).rejects.toThrow(/FOREIGN KEY/);
    expect(await listAnswers(database.db, { respondentId: respondentIds[2] })).toEqual([]);
  });

  it("lets the app's own transactions read, then write, while the thread commits", async () => {
    const saves = Array.from({ length: 40 }, (_, i) =>
      saveAnswerBatch(database, [{ respondentId: respondentIds[i % 3], answers: [{ questionName: `load_${i}`, value: i, seq: 1 }], notes: [] }]),
    );
    const transactions = Array.from({ length: 20 }, (_, i) =>
      database.db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom("respondents").select("current_page").where("id", "=", respondentIds[i % 3]).executeTakeFirstOrThrow();
        await new Promise((resolve) => setImmediate(resolve));
        await trx.updateTable("respondents").set({ current_page: row.current_page + 1 }).where("id", "=", respondentIds[i % 3]).execute();
      }),
    );
    await Promise.all([...saves, ...transactions]);
    const pages = await database.db.selectFrom("respondents").select(["id", "current_page"]).where("id", "in", respondentIds).execute();
    const total = pages.reduce((sum, r) => sum + r.current_page, 0);
    expect(total).toBe(2 + 20);
  });

  it("commits what is queued together, yet fails only the request that cannot be committed", async () => {
    const writer = answerWriterFor(database.sqlite!)!;
    const now = new Date().toISOString();
    const write = (respondentId: string, questionName: string) => ({ respondentId, answers: [{ questionName, valueJson: JSON.stringify("yes"), seq: 1 }], notes: [] });
    // Sent without waiting, so they queue on the thread's port while it is busy with the first.
    const results = await Promise.allSettled([
      writer.commit([write(respondentIds[0], "queued_first")], now),
      writer.commit([write("no-such-respondent", "queued_bad")], now),
      writer.recordAudit({ id: "audit-queued", organisation_id: organisationId, user_id: null, action: "report.downloaded", target_type: null, target_id: null, detail_json: null, ip: null, created_at: now }),
      writer.commit([write(respondentIds[1], "queued_last")], now),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason.message).toMatch(/FOREIGN KEY/);
    expect((await listAnswers(database.db, { respondentId: respondentIds[0] })).map((a) => a.questionName)).toContain("queued_first");
    expect((await listAnswers(database.db, { respondentId: respondentIds[1] })).map((a) => a.questionName)).toContain("queued_last");
    expect(await database.db.selectFrom("answers").select("question_name").where("question_name", "=", "queued_bad").execute()).toEqual([]);
    expect(await database.db.selectFrom("audit_log").select("id").where("id", "=", "audit-queued").execute()).toHaveLength(1);
  });

  it("writes audit rows too, committed by the time the call returns", async () => {
    await recordAuditEventFor(database, { organisationId, userId: null, action: "report.downloaded", targetType: "assessment", targetId: "a-1", detail: { format: "pdf" }, ip: "192.0.2.1" });
    const [latest] = await listAuditLog(database.db, { organisationId, limit: 1 });
    expect(latest).toMatchObject({ action: "report.downloaded", target_type: "assessment", target_id: "a-1", detail_json: JSON.stringify({ format: "pdf" }), ip: "192.0.2.1" });
  });
});
