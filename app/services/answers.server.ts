import { z } from "zod";
import { saveAnswerBatch, type AnswerWrite } from "../../db/repositories/answers";
import { markRespondentCompleted } from "../../db/repositories/respondents";
import { rateLimits } from "~/auth/rate-limit.server";
import { db, getDatabase } from "~/db.server";
import { GroupCommitter } from "./group-commit.server";
import { getAssessmentQuestionnaire } from "./questionnaires.server";
import { SURVEY_PAGE_HEADERS, type SurveyAccess } from "./survey-access.server";

/** An autosave carries a handful of answers; anything near this is not a person answering. */
export const MAX_SAVE_BODY_BYTES = 64 * 1024;

const committer = new GroupCommitter<AnswerWrite>((writes) => saveAnswerBatch(getDatabase(), writes));

const questionName = z.string().min(1).max(300);
// client_seq is a 32-bit integer column on PostgreSQL: a larger number would fail the insert (a 500).
const sequence = z.number().int().min(0).max(2_147_483_647);

const SaveRequest = z.object({
  answers: z.array(z.object({ question: questionName, value: z.unknown(), seq: sequence }).strict()).max(500).default([]),
  notes: z.array(z.object({ question: questionName, note: z.string().max(5000), seq: sequence }).strict()).max(500).default([]),
  page: z.number().int().min(0).max(1000).optional(),
}).strict();

export interface QuestionError {
  question: string;
  message: string;
}

/**
 * What a save answers, as plain data: the autosave fast path (app/server/http.ts) writes it to the
 * socket directly, the Remix route wraps it in a Response (saveAnswerText).
 */
export interface SaveOutcome {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function jsonOutcome(body: unknown, status = 200, headers: Record<string, string> = {}): SaveOutcome {
  return { status, headers: { "Content-Type": "application/json; charset=utf-8", ...SURVEY_PAGE_HEADERS, ...headers }, body: JSON.stringify(body) };
}

export function outcomeResponse(outcome: SaveOutcome): Response {
  return new Response(outcome.body, { status: outcome.status, headers: outcome.headers });
}


/** Reads a request body up to `limit` bytes; null when it is larger. */
export async function readBoundedText(request: Request, limit: number): Promise<string | null> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > limit) return null;
  const reader = request.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return decodeUtf8(Buffer.concat(chunks));
}

/** Strict UTF-8: invalid bytes are a bad request, not silently replaced. Throws on invalid input. */
export function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

/** One autosave from the Remix route. */
export async function handleAnswerSave(request: Request, access: SurveyAccess): Promise<Response> {
  let text: string | null;
  try {
    text = await readBoundedText(request, MAX_SAVE_BODY_BYTES);
  } catch {
    return outcomeResponse(jsonOutcome({ error: "The answers could not be read as text." }, 400));
  }
  return saveAnswerText(access, text);
}

export async function saveAnswerText(access: SurveyAccess, text: string | null): Promise<Response> {
  return outcomeResponse(await saveAnswerOutcome(access, text));
}

/**
 * One autosave, whichever way it arrived (`text` is null when the body was over the limit): every
 * answer is checked against the assessment's questionnaire version before anything is written,
 * so a bad save changes nothing. Answers are written newest-sequence-wins and the response is sent
 * only once they are committed to disk.
 */
export async function saveAnswerOutcome(access: SurveyAccess, text: string | null): Promise<SaveOutcome> {
  const { respondent } = access;
  if (respondent.assessmentStatus !== "open") return jsonOutcome({ error: "This survey has closed." }, 410);
  if (respondent.status === "completed") return jsonOutcome({ error: "This survey is already completed and can no longer be changed." }, 409);

  const retryAfter = rateLimits.surveySavesPerRespondent.retryAfterSeconds(respondent.id);
  if (retryAfter > 0) return { status: 429, headers: { "Retry-After": String(retryAfter), "Content-Type": "text/plain; charset=utf-8", ...SURVEY_PAGE_HEADERS }, body: "Too many saves. Please wait a moment." };
  rateLimits.surveySavesPerRespondent.record(respondent.id);

  if (text === null) return jsonOutcome({ error: "That save is too large." }, 413);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return jsonOutcome({ error: "The answers could not be read." }, 400);
  }
  const parsed = SaveRequest.safeParse(body);
  if (!parsed.success) return jsonOutcome({ error: "The save was not in the expected form." }, 400);
  const { answers, notes, page } = parsed.data;
  if (notes.length > 0 && access.via !== "workshop") return jsonOutcome({ error: "Only a workshop facilitator can save notes." }, 400);

  const questionnaire = await getAssessmentQuestionnaire({ organisationId: respondent.organisation_id, key: respondent.questionnaireKey, version: respondent.questionnaireVersion });
  const errors: QuestionError[] = [];
  for (const answer of answers) {
    const check = questionnaire.answerValidator.check(answer.question, answer.value);
    if (!check.ok) errors.push({ question: answer.question, message: check.message });
  }
  for (const note of notes) {
    if (!questionnaire.answerValidator.has(note.question) || note.note.includes("\u0000")) errors.push({ question: note.question, message: "Notes must be plain text about a question of this survey." });
  }
  if (errors.length > 0) return jsonOutcome({ error: "Some answers were not saved.", errors }, 400);

  await committer.write({
    respondentId: respondent.id,
    answers: answers.map((a) => ({ questionName: a.question, value: a.value, seq: a.seq })),
    notes: notes.map((n) => ({ questionName: n.question, note: n.note, seq: n.seq })),
    currentPage: page,
  });
  return jsonOutcome({ saved: answers.map((a) => ({ question: a.question, seq: a.seq })), notes: notes.length });
}

export async function completeSurvey(access: SurveyAccess, answeredCount: number): Promise<{ ok: true } | { ok: false; message: string }> {
  if (answeredCount === 0) return { ok: false, message: "Answer at least one question before you finish." };
  await markRespondentCompleted(db(), access.respondent.id);
  return { ok: true };
}
