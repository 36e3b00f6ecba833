import { createHash, randomBytes } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";
import { nowIso } from "../../db/ids";
import { recordAuditEventFor } from "../../db/repositories/audit-log";
import {
  createSession,
  deleteSession,
  findSessionWithUser,
  touchSession,
  type SessionWithUser,
} from "../../db/repositories/sessions";
import { findUserForSignIn } from "../../db/repositories/users";
import { db, getDatabase } from "../db.server";
import { getEnv } from "../env.server";
import { getDecoyPasswordHash, verifyPassword } from "./password.server";
import { rateLimits, tooManyRequests } from "./rate-limit.server";

/** A session ends after this long without use… */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** …and after this long whatever happens. */
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** Writing last_seen_at on every request would turn every page view into a write. */
const TOUCH_INTERVAL_MS = 60 * 1000;

let sessionCookie: ReturnType<typeof createCookie> | undefined;

function getSessionCookie() {
  if (sessionCookie) return sessionCookie;
  const env = getEnv();
  // __Host- binds the cookie to this exact origin; browsers accept it only with Secure.
  sessionCookie = createCookie(env.secureCookies ? "__Host-cairn_session" : "cairn_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: env.secureCookies,
    path: "/",
    maxAge: SESSION_ABSOLUTE_MS / 1000,
    secrets: [env.sessionSecret],
  });
  return sessionCookie;
}

export function hashSessionSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

async function readSessionSecret(cookieHeader: string | null): Promise<string | null> {
  const value = await getSessionCookie().parse(cookieHeader);
  return typeof value === "string" && value.length > 0 ? value : null;
}

export function sessionIsLive(session: Pick<SessionWithUser, "createdAt" | "lastSeenAt" | "expiresAt">, now = Date.now()): boolean {
  return (
    Date.parse(session.expiresAt) > now &&
    Date.parse(session.createdAt) + SESSION_ABSOLUTE_MS > now &&
    Date.parse(session.lastSeenAt) + SESSION_IDLE_MS > now
  );
}

export async function getSignedInSession(request: Request): Promise<SessionWithUser | null> {
  return getSignedInSessionByCookie(request.headers.get("Cookie"));
}

/** The same, from a Cookie header: for the endpoints app/server/http.ts serves ahead of Remix. */
export async function getSignedInSessionByCookie(cookieHeader: string | null): Promise<SessionWithUser | null> {
  const secret = await readSessionSecret(cookieHeader);
  if (!secret) return null;
  const sessionId = hashSessionSecret(secret);
  const session = await findSessionWithUser(db(), sessionId);
  if (!session) return null;
  const now = Date.now();
  if (!sessionIsLive(session, now)) {
    await deleteSession(db(), sessionId);
    return null;
  }
  if (now - Date.parse(session.lastSeenAt) > TOUCH_INTERVAL_MS) {
    await touchSession(db(), { sessionId, lastSeenAt: nowIso(new Date(now)) });
  }
  return session;
}

export type SignInResult =
  | { ok: true; headers: Headers; userId: string }
  | { ok: false; response?: Response; message: string };

/**
 * Checks credentials under rate limits and starts a fresh session. The message never says whether
 * the email or the password was wrong.
 */
export async function signIn(
  request: Request,
  context: AppLoadContext,
  { email, password }: { email: string; password: string },
): Promise<SignInResult> {
  const address = context.clientAddress;
  const accountKey = email.trim().toLowerCase();
  const retryAfter = Math.max(
    rateLimits.signInAttemptsPerAddress.retryAfterSeconds(address),
    rateLimits.signInFailuresPerAccount.retryAfterSeconds(accountKey),
  );
  if (retryAfter > 0) {
    return { ok: false, message: "Too many sign-in attempts.", response: tooManyRequests(retryAfter, "Too many sign-in attempts. Please wait a few minutes and try again.") };
  }
  rateLimits.signInAttemptsPerAddress.record(address);

  const user = await findUserForSignIn(db(), email);
  const passwordMatches = await verifyPassword(password, user?.password_hash ?? (await getDecoyPasswordHash()));
  if (!user || !passwordMatches || user.disabled) {
    rateLimits.signInFailuresPerAccount.record(accountKey);
    if (user) {
      await recordAuditEventFor(getDatabase(), { organisationId: user.organisation_id, userId: user.id, action: "sign-in.failed", ip: address });
    }
    return { ok: false, message: "That email and password do not match an active account." };
  }
  rateLimits.signInFailuresPerAccount.reset(accountKey);

  // Rotation: whatever session the browser had is ended, and a new id is issued.
  await endSession(request);
  const secret = randomBytes(32).toString("base64url");
  await createSession(db(), {
    id: hashSessionSecret(secret),
    userId: user.id,
    expiresAt: nowIso(new Date(Date.now() + SESSION_ABSOLUTE_MS)),
  });
  await recordAuditEventFor(getDatabase(), { organisationId: user.organisation_id, userId: user.id, action: "sign-in", ip: address });
  const headers = new Headers({ "Set-Cookie": await getSessionCookie().serialize(secret) });
  return { ok: true, headers, userId: user.id };
}

async function endSession(request: Request): Promise<void> {
  const secret = await readSessionSecret(request.headers.get("Cookie"));
  if (secret) await deleteSession(db(), hashSessionSecret(secret));
}

export async function signOut(request: Request): Promise<Response> {
  await endSession(request);
  return redirect("/login", {
    headers: { "Set-Cookie": await getSessionCookie().serialize("", { maxAge: 0, expires: new Date(0) }) },
  });
}
