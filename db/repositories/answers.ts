import type { Kysely, Transaction } from "kysely";
import { nowIso } from "../ids";
import { answerWriterFor } from "../answer-writer";
import type { DatabaseHandle } from "../client";
import { commitSerializedAnswerBatch, prepareAnswerStatements, type AnswerStatements } from "./answer-statements";
import type { Database } from "../schema";

export interface AnswerSave {
  questionName: string;
  /** Any JSON value; `null` clears the answer. */
  value: unknown;
  /** The client's sequence number for this question. */
  seq: number;
}

export interface NoteSave {
  questionName: string;
  note: string;
  seq: number;
}

/**
 * Saves answers so that the newest wins: a save whose sequence number is not higher than the
 * stored one changes nothing, so a late, retried or reordered request never overwrites a newer
 * answer, and resending the same save is harmless. Returns the questions whose save was stale
 * (the stored answer's sequence number was not lower), so the respondent's page can be told.
 */
export async function saveAnswers(
  db: Kysely<Database> | Transaction<Database>,
  { respondentId, answers, notes = [], currentPage }: { respondentId: string; answers: AnswerSave[]; notes?: NoteSave[]; currentPage?: number },
): Promise<string[]> {
  const now = nowIso();
  const stale: string[] = [];
  for (const answer of answers) {
    const applied = await db
      .insertInto("answers")
      .values({ respondent_id: respondentId, question_name: answer.questionName, value_json: JSON.stringify(answer.value), client_seq: answer.seq, updated_at: now })
      .onConflict((oc) =>
        oc
          .columns(["respondent_id", "question_name"])
          .doUpdateSet((eb) => ({
            value_json: eb.ref("excluded.value_json"),
            client_seq: eb.ref("excluded.client_seq"),
            updated_at: eb.ref("excluded.updated_at"),
          }))
          .where("answers.client_seq", "<", (eb) => eb.ref("excluded.client_seq")),
      )
      .returning("client_seq")
      .executeTakeFirst();
    if (applied === undefined) stale.push(answer.questionName);
  }
  for (const note of notes) {
    await db
      .insertInto("facilitator_notes")
      .values({ respondent_id: respondentId, question_name: note.questionName, note: note.note, client_seq: note.seq, updated_at: now })
      .onConflict((oc) =>
        oc
          .columns(["respondent_id", "question_name"])
          .doUpdateSet((eb) => ({ note: eb.ref("excluded.note"), client_seq: eb.ref("excluded.client_seq"), updated_at: eb.ref("excluded.updated_at") }))
          .where("facilitator_notes.client_seq", "<", (eb) => eb.ref("excluded.client_seq")),
      )
      .execute();
  }
  await db
    .updateTable("respondents")
    .set({
      last_activity_at: now,
      ...(currentPage !== undefined ? { current_page: currentPage } : {}),
    })
    .where("id", "=", respondentId)
    .execute();
  return stale;
}

export interface StoredAnswer {
  questionName: string;
  value: unknown;
  seq: number;
  updatedAt: string;
}

export async function listAnswers(db: Kysely<Database>, { respondentId }: { respondentId: string }): Promise<StoredAnswer[]> {
  const rows = await db
    .selectFrom("answers")
    .select(["question_name", "value_json", "client_seq", "updated_at"])
    .where("respondent_id", "=", respondentId)
    .execute();
  return rows.map((r) => ({ questionName: r.question_name, value: JSON.parse(r.value_json), seq: r.client_seq, updatedAt: r.updated_at }));
}

export async function listFacilitatorNotes(db: Kysely<Database>, { respondentId }: { respondentId: string }) {
  const rows = await db
    .selectFrom("facilitator_notes")
    .select(["question_name", "note", "client_seq"])
    .where("respondent_id", "=", respondentId)
    .execute();
  return rows.map((r) => ({ questionName: r.question_name, note: r.note, seq: r.client_seq }));
}

/** Every answer of an assessment, for scoring: one query, through the tenant. */
export async function listAssessmentAnswers(
  db: Kysely<Database>,
  { organisationId, assessmentId }: { organisationId: string; assessmentId: string },
) {
  const rows = await db
    .selectFrom("answers")
    .innerJoin("respondents", "respondents.id", "answers.respondent_id")
    .select(["answers.respondent_id", "answers.question_name", "answers.value_json"])
    .where("respondents.organisation_id", "=", organisationId)
    .where("respondents.assessment_id", "=", assessmentId)
    .execute();
  return rows.map((r) => ({ respondentId: r.respondent_id, questionName: r.question_name, value: JSON.parse(r.value_json) as unknown }));
}

/** Facilitator notes of an assessment's workshop sessions, for the results drill-down. */
export async function listAssessmentNotes(
  db: Kysely<Database>,
  { organisationId, assessmentId }: { organisationId: string; assessmentId: string },
) {
  const rows = await db
    .selectFrom("facilitator_notes")
    .innerJoin("respondents", "respondents.id", "facilitator_notes.respondent_id")
    .select(["facilitator_notes.question_name", "facilitator_notes.note", "respondents.label", "respondents.group_key"])
    .where("respondents.organisation_id", "=", organisationId)
    .where("respondents.assessment_id", "=", assessmentId)
    .where("facilitator_notes.note", "!=", "")
    .execute();
  return rows.map((r) => ({ questionName: r.question_name, note: r.note, sessionLabel: r.label, group: r.group_key }));
}

/** Every answer with its respondent, for the answers export: one row per respondent and question. */
export async function listAnswerRowsForExport(
  db: Kysely<Database>,
  { organisationId, assessmentId }: { organisationId: string; assessmentId: string },
) {
  return db
    .selectFrom("answers")
    .innerJoin("respondents", "respondents.id", "answers.respondent_id")
    .select([
      "respondents.id as respondentId",
      "respondents.name as respondentName",
      "respondents.label as sessionLabel",
      "respondents.group_key as groupKey",
      "respondents.status as status",
      "answers.question_name as questionName",
      "answers.value_json as valueJson",
      "answers.updated_at as updatedAt",
    ])
    .where("respondents.organisation_id", "=", organisationId)
    .where("respondents.assessment_id", "=", assessmentId)
    .orderBy("respondents.created_at")
    .orderBy("respondents.id")
    .orderBy("answers.question_name")
    .execute();
}

export interface AnswerWrite {
  respondentId: string;
  answers: AnswerSave[];
  notes: NoteSave[];
  currentPage?: number;
}

type SqliteConnection = NonNullable<DatabaseHandle["sqlite"]>;
const preparedBySqlite = new WeakMap<SqliteConnection, AnswerStatements>();

/**
 * Commits several respondents' saves in one transaction. On a SQLite file the answer writer thread
 * commits it (db/answer-writer.ts says why); otherwise it runs here, holding kysely's one SQLite
 * connection (so it can never interleave with another transaction), or as an ordinary kysely
 * transaction on PostgreSQL. Returns, per write, its stale questions (see saveAnswers).
 */
export async function saveAnswerBatch(handle: DatabaseHandle, writes: AnswerWrite[]): Promise<string[][]> {
  const sqlite = handle.sqlite;
  if (!sqlite) {
    return handle.db.transaction().execute(async (trx) => {
      const stale: string[][] = [];
      for (const write of writes) stale.push(await saveAnswers(trx, { respondentId: write.respondentId, answers: write.answers, notes: write.notes, currentPage: write.currentPage }));
      return stale;
    });
  }
  const serialized = writes.map((w) => ({
    respondentId: w.respondentId,
    answers: w.answers.map((a) => ({ questionName: a.questionName, valueJson: JSON.stringify(a.value), seq: a.seq })),
    notes: w.notes,
    currentPage: w.currentPage,
  }));
  const now = nowIso();
  const writer = answerWriterFor(sqlite);
  if (writer) return writer.commit(serialized, now);
  let statements = preparedBySqlite.get(sqlite);
  if (!statements) {
    statements = prepareAnswerStatements(sqlite);
    preparedBySqlite.set(sqlite, statements);
  }
  const prepared = statements;
  return handle.db.connection().execute(async () => commitSerializedAnswerBatch(sqlite, prepared, serialized, now));
}
