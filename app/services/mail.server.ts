import type { Kysely } from "kysely";
import { enqueueMessage } from "../../db/repositories/outbox";
import type { Database, Organisation } from "../../db/schema";
import { composeMail, SECRET_LINK, type MailContent } from "~/mail/compose";
import { readMailConfig, type MailConfig } from "~/mail/config.server";
import { sealSecret } from "~/mail/secret-box.server";

/*
 * Queuing a message: composed and branded now, written with the caller's transaction, sent by the
 * outbox worker after the commit (call nudgeMailWorker() then). Callers check mailConfigured() first;
 * queueMail refuses without SMTP rather than fill an outbox nothing will empty.
 */

export interface MailToQueue {
  organisation: Pick<Organisation, "id" | "name" | "accent_colour" | "logo_base64" | "mail_sender_name" | "mail_reply_to">;
  kind: string;
  regarding?: { type: string; id: string };
  to: string;
  /** The consultant who caused it, so replies reach a person; else the provider's reply-to. */
  replyTo?: string | null;
  subject: string;
  content: MailContent;
  /** The secret link, when content.action.url is SECRET_LINK: stored encrypted until sent. */
  secretLink?: string;
}

export function requireMailConfig(config = readMailConfig()): MailConfig {
  if (!config) throw new Error("Mail is not configured (no SMTP_URL or SMTP_HOST)");
  return config;
}

export async function queueMail(db: Kysely<Database>, mail: MailToQueue, config = requireMailConfig()) {
  const usesSecret = mail.content.action?.url === SECRET_LINK;
  if (usesSecret !== (mail.secretLink !== undefined)) throw new Error("A secret link and its placeholder go together");
  const organisation = mail.organisation;
  const bodies = composeMail({ name: organisation.name, accentColour: organisation.accent_colour, hasLogo: organisation.logo_base64 !== null }, mail.content);
  return enqueueMessage(db, {
    organisationId: organisation.id,
    kind: mail.kind,
    regarding: mail.regarding,
    to: mail.to,
    fromName: organisation.mail_sender_name?.trim() || organisation.name,
    replyTo: mail.replyTo ?? organisation.mail_reply_to ?? null,
    subject: mail.subject,
    textBody: bodies.text,
    htmlBody: bodies.html,
    secretCiphertext: mail.secretLink !== undefined ? sealSecret(mail.secretLink) : null,
    messageIdDomain: config.domain,
  });
}
