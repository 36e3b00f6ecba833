import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getEnv } from "../env.server";

/*
 * A queued invitation must hold its survey link until the SMTP server accepts it, yet a database
 * dump must not hold a usable link (only token hashes are stored otherwise). So the link waits in
 * the outbox encrypted (AES-256-GCM) under a key derived from the session secret, which lives
 * outside the database (SESSION_SECRET or ./data/session-secret), and is deleted once sent.
 */

function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", getEnv().sessionSecret, "cairn-outbox", "outbox secret link v1", 32));
}

export function sealSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

/** Null when it cannot be opened (the session secret changed since it was sealed). */
export function openSecret(sealed: string): string | null {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || body === undefined) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
