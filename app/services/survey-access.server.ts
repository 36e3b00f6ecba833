import { createHash, randomBytes } from "node:crypto";
import { createCookie, redirect, type AppLoadContext } from "@remix-run/node";
import { findRespondentByTokenHash, getRespondentForSurvey, getRespondentForSurveyFast, markRespondentOpened, type RespondentForSurvey } from "../../db/repositories/respondents";
import { can, getOptionalUserByCookie, type CurrentUser } from "~/auth/access.server";
import { rateLimits, tooManyRequests } from "~/auth/rate-limit.server";
import { db, getDatabase } from "~/db.server";
import { getEnv } from "~/env.server";

export const SURVEY_LINK_DAYS = 30;

/** 256 random bits; only its SHA-256 is stored, so a database dump holds no usable link. */
export function issueSurveyToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashSurveyToken(token) };
}

export function hashSurveyToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function linkExpiry(days = SURVEY_LINK_DAYS, from = Date.now()): string {
  return new Date(from + days * 24 * 60 * 60 * 1000).toISOString();
}

/** Survey pages must not be kept by caches (Referrer-Policy: no-referrer is set for every page in app/server/http.ts). */
export const SURVEY_PAGE_HEADERS = {
  "Cache-Control": "no-store",
  "X-Robots-Tag": "noindex",
} as const;

const UNAVAILABLE_MESSAGE = "This survey link is not valid. It may have expired or been replaced. Please ask the person who sent it for a new one.";
const CLOSED_MESSAGE = "This survey has closed. Thank you for your interest.";

/** One plain answer for every bad link: it says nothing about which assessment, if any, it was. */
export function surveyUnavailable(): Response {
  return new Response(UNAVAILABLE_MESSAGE, { status: 404, statusText: "Not Found", headers: SURVEY_PAGE_HEADERS });
}

export function surveyClosed(): Response {
  return new Response(CLOSED_MESSAGE, { status: 410, statusText: "Gone", headers: SURVEY_PAGE_HEADERS });
}

let cookie: ReturnType<typeof createCookie> | undefined;
function surveyCookie() {
  const env = getEnv();
  cookie ??= createCookie("cairn_survey", {
    httpOnly: true,
    sameSite: "lax",
    secure: env.secureCookies,
    maxAge: SURVEY_LINK_DAYS * 24 * 60 * 60,
    secrets: [env.sessionSecret],
  });
  return cookie;
}

export function surveyPath(respondentId: string): string {
  return `/survey/${respondentId}`;
}

interface SurveyCookiePayload {
  respondentId: string;
  tokenHash: string;
}



function linkIsUsable(respondent: { revoked: number; token_expires_at: string | null }, now = Date.now()): boolean {
  return respondent.revoked === 0 && respondent.token_expires_at !== null && Date.parse(respondent.token_expires_at) > now;
}

/**
 * `/s/<token>`: swaps the token for a cookie scoped to this one survey and redirects to a URL
 * without the token, so it never sits in history, logs or a Referer.
 */
export async function exchangeSurveyLink(token: string, context: AppLoadContext): Promise<Response> {
  const address = context.clientAddress;
  const retryAfter = rateLimits.unknownSurveyTokensPerAddress.retryAfterSeconds(address);
  if (retryAfter > 0) throw tooManyRequests(retryAfter, "Too many survey links tried. Please wait a few minutes.");

  const respondent = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await findRespondentByTokenHash(db(), hashSurveyToken(token)) : undefined;
  if (!respondent || respondent.kind !== "person" || !linkIsUsable(respondent)) {
    rateLimits.unknownSurveyTokensPerAddress.record(address);
    throw surveyUnavailable();
  }
  if (respondent.assessmentStatus !== "open") throw surveyClosed();

  await markRespondentOpened(db(), respondent.id);
  const payload: SurveyCookiePayload = { respondentId: respondent.id, tokenHash: respondent.token_hash! };
  return redirect(surveyPath(respondent.id), {
    headers: {
      ...SURVEY_PAGE_HEADERS,
      "Set-Cookie": await surveyCookie().serialize(payload, { path: surveyPath(respondent.id) }),
    },
  });
}

export type SurveyAccess =
  | { via: "link"; respondent: RespondentForSurvey; user: null }
  | { via: "workshop"; respondent: RespondentForSurvey; user: CurrentUser };

/**
 * Who may open or save respondent `respondentId`'s survey: the holder of that respondent's current
 * link cookie, or, for a workshop session, a consultant of the same provider. Anyone else gets the
 * same plain "not valid" answer.
 */
/**
 * Verifying a signed cookie costs an HMAC; a given header always verifies the same way (the secret
 * does not change while the process runs), so results are remembered, within a bound.
 */
const verifiedCookies = new Map<string, SurveyCookiePayload | null>();
async function readSurveyCookie(header: string | null): Promise<SurveyCookiePayload | null> {
  if (!header) return null;
  const known = verifiedCookies.get(header);
  if (known !== undefined) return known;
  const payload = ((await surveyCookie().parse(header)) as SurveyCookiePayload | null) ?? null;
  if (verifiedCookies.size >= 10_000) verifiedCookies.clear();
  verifiedCookies.set(header, payload);
  return payload;
}

export async function requireSurveyAccess(request: Request, respondentId: string): Promise<SurveyAccess> {
  return requireSurveyAccessByCookie(request.headers.get("Cookie"), respondentId);
}

/** requireSurveyAccess for callers that hold only the Cookie header (the autosave fast path). */
export async function requireSurveyAccessByCookie(cookieHeader: string | null, respondentId: string): Promise<SurveyAccess> {
  const payload = await readSurveyCookie(cookieHeader);
  if (payload && payload.respondentId === respondentId) {
    const respondent = await getRespondentForSurveyFast(getDatabase(), respondentId);
    if (!respondent || respondent.kind !== "person" || respondent.token_hash !== payload.tokenHash || !linkIsUsable(respondent)) {
      throw surveyUnavailable();
    }
    if (respondent.assessmentStatus !== "open") throw surveyClosed();
    return { via: "link", respondent, user: null };
  }

  const user = await getOptionalUserByCookie(cookieHeader);
  if (user && can(user, "assessments:write")) {
    const respondent = await getRespondentForSurvey(db(), respondentId);
    if (respondent && respondent.kind === "workshop" && respondent.organisation_id === user.organisationId) {
      return { via: "workshop", respondent, user };
    }
  }
  throw surveyUnavailable();
}
