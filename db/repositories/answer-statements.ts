import type SQLite from "../sqlite-driver";
import type { SerializedAnswerWrite } from "../answer-writer";

/*
 * The autosave hot path on SQLite as prepared statements: the same newest-sequence-wins upsert as
 * saveAnswers (answers.ts). Used by the answer writer thread, and in-thread where it is not used.
 * No kysely here: the writer thread loads only this and the driver.
 */
export function prepareAnswerStatements(sqlite: SQLite.Database) {
  return {
    answer: sqlite.prepare(
      `insert into answers (respondent_id, question_name, value_json, client_seq, updated_at) values (?, ?, ?, ?, ?)
       on conflict (respondent_id, question_name) do update set value_json = excluded.value_json, client_seq = excluded.client_seq, updated_at = excluded.updated_at
       where answers.client_seq < excluded.client_seq
       returning client_seq`,
    ),
    note: sqlite.prepare(
      `insert into facilitator_notes (respondent_id, question_name, note, client_seq, updated_at) values (?, ?, ?, ?, ?)
       on conflict (respondent_id, question_name) do update set note = excluded.note, client_seq = excluded.client_seq, updated_at = excluded.updated_at
       where facilitator_notes.client_seq < excluded.client_seq`,
    ),
    touch: sqlite.prepare(`update respondents set last_activity_at = ? where id = ?`),
    touchWithPage: sqlite.prepare(`update respondents set last_activity_at = ?, current_page = ? where id = ?`),
  };
}

export type AnswerStatements = ReturnType<typeof prepareAnswerStatements>;

/**
 * Commits several respondents' saves in one transaction (one disk flush). Throws, rolled back, on
 * any failure. Returns, per write, the questions whose save changed nothing because the stored
 * answer has a newer sequence number (the upsert returns no row for them).
 */
export function commitSerializedAnswerBatch(sqlite: SQLite.Database, statements: AnswerStatements, writes: SerializedAnswerWrite[], now: string): string[][] {
  return sqlite.transaction(() => {
    const stale: string[][] = [];
    for (const write of writes) {
      const staleHere: string[] = [];
      for (const a of write.answers) {
        if (statements.answer.get(write.respondentId, a.questionName, a.valueJson, a.seq, now) === undefined) staleHere.push(a.questionName);
      }
      stale.push(staleHere);
      for (const n of write.notes) statements.note.run(write.respondentId, n.questionName, n.note, n.seq, now);
      if (write.currentPage !== undefined) statements.touchWithPage.run(now, write.currentPage, write.respondentId);
      else statements.touch.run(now, write.respondentId);
    }
    return stale;
  })();
}
