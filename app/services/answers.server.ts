import { z } from "zod";
import { listAnswers, saveAnswerBatch, type AnswerWrite } from "../../db/repositories/answers";
import { markRespondentCompleted } from "../../db/repositories/respondents";
import { rateLimits } from "~/auth/rate-limit.server";
import { db, getDatabase } from "~/db.server";
import type { AnswerValidator } from "~/domain/answer-validation";
import { createVisibilityContext } from "~/domain/questionnaire-model";
import { GroupCommitter } from "./group-commit.server";
import { getAssessmentQuestionnaire } from "./questionnaires.server";
import { SURVEY_PAGE_HEADERS, type SurveyAccess } from "./survey-access.server";

/** An autosave carries a handful of answers; anything near this is not a person answering. */
export const MAX_SAVE_BODY_BYTES = 64 * 1024;

/** Each write's result is its stale questions: saves a newer stored answer kept from changing anything. */
const committer = new GroupCommitter<AnswerWrite, string[]>((writes) => saveAnswerBatch(getDatabase(), writes));

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
  if (errors.length === 0) errors.push(...(await hiddenQuestionErrors(questionnaire.answerValidator, respondent, answers)));
  if (errors.length > 0) return jsonOutcome({ error: "Some answers were not saved.", errors }, 400);

  const stale = await committer.write({
    respondentId: respondent.id,
    answers: answers.map((a) => ({ questionName: a.question, value: a.value, seq: a.seq })),
    notes: notes.map((n) => ({ questionName: n.question, note: n.note, seq: n.seq })),
    currentPage: page,
  });
  // A stale save (another tab or device saved a newer answer first) changed nothing; it is named
  // apart so the page does not take it for its own answer being stored.
  const staleSet = new Set(stale);
  return jsonOutcome({
    saved: answers.filter((a) => !staleSet.has(a.question)).map((a) => ({ question: a.question, seq: a.seq })),
    stale: answers.filter((a) => staleSet.has(a.question)).map((a) => ({ question: a.question, seq: a.seq })),
    notes: notes.length,
  });
}

/**
 * Answers to questions this respondent is not shown (by their group, or by their other answers),
 * evaluated with survey-core's condition engine as the page does. The stored answers are read only
 * when a condition reads answers; the save's own answers count as given, since a respondent may
 * answer the question that reveals another in the same save. Clearing (null) is always allowed.
 */
async function hiddenQuestionErrors(
  validator: AnswerValidator,
  respondent: { id: string; group_key: string },
  answers: { question: string; value: unknown }[],
): Promise<QuestionError[]> {
  const given = answers.filter((a) => a.value !== null);
  if (given.length === 0) return [];
  const values: Record<string, unknown> = {};
  if (given.some((a) => validator.visibilityReadsAnswers(a.question))) {
    for (const stored of await listAnswers(db(), { respondentId: respondent.id })) values[stored.questionName] = stored.value;
  }
  for (const answer of answers) values[answer.question] = answer.value;
  const context = createVisibilityContext(values, respondent.group_key);
  return given
    .filter((a) => !validator.isShown(a.question, context))
    .map((a) => ({ question: a.question, message: "This question is not shown to you, so its answer was not saved." }));
}

export async function completeSurvey(access: SurveyAccess, answeredCount: number): Promise<{ ok: true } | { ok: false; message: string }> {
  if (answeredCount === 0) return { ok: false, message: "Answer at least one question before you finish." };
  await markRespondentCompleted(db(), access.respondent.id);
  return { ok: true };
}
