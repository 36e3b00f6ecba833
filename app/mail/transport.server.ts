import nodemailer from "nodemailer";
import type { MailConfig } from "./config.server";

/*
 * The one place nodemailer is used. Timeouts are short and bounded so that a send always ends well
 * inside the worker's lease (outbox-worker.server.ts): a stalled server cannot keep a claim alive
 * past its expiry while the worker still thinks it holds it.
 */

export const SMTP_TIMEOUTS = { connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 };
/** The longest one send can take: connection, greeting, and the socket idle through DATA. */
export const LONGEST_SEND_MS = SMTP_TIMEOUTS.connectionTimeout + SMTP_TIMEOUTS.greetingTimeout + SMTP_TIMEOUTS.socketTimeout;

export interface OutgoingMail {
  from: { name: string; address: string };
  to: string;
  replyTo: string | null;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  logo: { content: Buffer; contentType: string } | null;
}

export type SendOutcome = { accepted: true; reply: string } | { accepted: false; reply: string };

export interface MailSender {
  send(mail: OutgoingMail): Promise<SendOutcome>;
  close(): void;
}

export function createSmtpSender(config: MailConfig): MailSender {
  const transport = nodemailer.createTransport({ ...config.smtp, ...SMTP_TIMEOUTS });
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({
          from: mail.from,
          to: mail.to,
          ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          // Auto-Submitted: out-of-office replies stay away; no List-Unsubscribe (these are not bulk mail).
          headers: { "Auto-Submitted": "auto-generated" },
          attachments: mail.logo ? [{ filename: "logo", content: mail.logo.content, contentType: mail.logo.contentType, cid: "provider-logo", contentDisposition: "inline" }] : [],
          disableUrlAccess: true,
          disableFileAccess: true,
        });
        if (info.rejected.length > 0) return { accepted: false, reply: String(info.response ?? "recipient rejected") };
        return { accepted: true, reply: String(info.response ?? "accepted") };
      } catch (error) {
        const e = error as { response?: string; message?: string; code?: string };
        return { accepted: false, reply: e.response ?? `${e.code ? `${e.code}: ` : ""}${e.message ?? String(error)}` };
      }
    },
    close() {
      transport.close();
    },
  };
}
