import { decodeUtf8, jsonOutcome, MAX_SAVE_BODY_BYTES, saveAnswerOutcome, type SaveOutcome } from "./answers.server";
import { requireSurveyAccessByCookie } from "./survey-access.server";

/**
 * The autosave endpoint as the HTTP layer calls it directly (app/server/http.ts), without the
 * cost of Remix's route matching and request conversion on the hottest path. Exported from the
 * server entry, so it shares the app's one rate limiter, group committer and caches. Behaviour
 * is exactly the Remix route's (app/routes/survey.$respondentId.answers.ts): both call
 * requireSurveyAccess and save through saveAnswerOutcome.
 */
export const autosaveEndpoint = {
  maxBodyBytes: MAX_SAVE_BODY_BYTES,
  async handle({ respondentId, cookieHeader, body }: { respondentId: string; cookieHeader: string | null; body: Uint8Array | null }): Promise<SaveOutcome> {
    let access;
    try {
      access = await requireSurveyAccessByCookie(cookieHeader, respondentId);
    } catch (thrown) {
      if (thrown instanceof Response) return { status: thrown.status, headers: Object.fromEntries(thrown.headers), body: await thrown.text() };
      throw thrown;
    }
    let text: string | null = null;
    if (body !== null) {
      try {
        text = decodeUtf8(body);
      } catch {
        return jsonOutcome({ error: "The answers could not be read as text." }, 400);
      }
    }
    return saveAnswerOutcome(access, text);
  },
};

export type AutosaveEndpoint = typeof autosaveEndpoint;
