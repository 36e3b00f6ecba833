import { z } from "zod";

/*
 * SMTP from the environment. Without SMTP_URL or SMTP_HOST mail is not configured, which is the
 * embedded default: nothing is queued, and the pages say so and keep links copyable.
 */

export interface MailConfig {
  /** nodemailer's SMTP options. */
  smtp: { url: string } | { host: string; port: number; secure: boolean; requireTLS: boolean; auth?: { user: string; pass: string } };
  /** The address every message is sent from; the provider's sender name goes in front of it. */
  from: string;
  /** For Message-IDs: MAIL_FROM's domain. */
  domain: string;
  /** How the server is named in logs and on the settings page: never the password. */
  description: string;
}

const MailEnv = z.object({
  SMTP_URL: z.string().trim().regex(/^smtps?:\/\//, "SMTP_URL must start with smtp:// or smtps://").optional(),
  SMTP_HOST: z.string().trim().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  /** true: TLS from the first byte (port 465); starttls: require STARTTLS; false: STARTTLS when offered. */
  SMTP_TLS: z.enum(["true", "false", "starttls"]).default("false"),
  MAIL_FROM: z.email("MAIL_FROM must be an email address, e.g. cairn@provider.example").optional(),
});

export function readMailConfig(env: Record<string, string | undefined> = process.env): MailConfig | null {
  const parsed = MailEnv.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    throw new Error(`Cairn's mail settings are not valid:\n${parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`);
  }
  const e = parsed.data;
  if (!e.SMTP_URL && !e.SMTP_HOST) return null;
  if (!e.MAIL_FROM) throw new Error("Cairn's mail settings are not valid:\n  MAIL_FROM: set the address mail is sent from when SMTP is configured");
  const domain = e.MAIL_FROM.split("@")[1];
  if (e.SMTP_URL) {
    const url = new URL(e.SMTP_URL);
    return { smtp: { url: e.SMTP_URL }, from: e.MAIL_FROM, domain, description: `${url.protocol}//${url.host}` };
  }
  const secure = e.SMTP_TLS === "true";
  const port = e.SMTP_PORT ?? (secure ? 465 : 587);
  return {
    smtp: {
      host: e.SMTP_HOST!,
      port,
      secure,
      requireTLS: e.SMTP_TLS === "starttls",
      ...(e.SMTP_USER ? { auth: { user: e.SMTP_USER, pass: e.SMTP_PASSWORD ?? "" } } : {}),
    },
    from: e.MAIL_FROM,
    domain,
    description: `smtp${secure ? "s" : ""}://${e.SMTP_HOST}:${port}`,
  };
}

/** For pages: is mail configured? Read each time, so a test can switch it; the parse is cheap. */
export function mailConfigured(): boolean {
  try {
    return readMailConfig() !== null;
  } catch {
    return false;
  }
}
