/*
 * Branded multipart mail, as plain text and as HTML, from text that may be hostile (a consultant's
 * invitation wording, a customer's name): everything is escaped into the HTML, and the secret link
 * exists only as SECRET_LINK, filled in by the worker at send time (app/mail/secret-box.server.ts).
 *
 * The HTML is what mail clients render well and screen readers read in order: one table for layout
 * (role="presentation"), a lang attribute, real text (never text in images), the logo with its
 * provider's name as alt text, the button also written out as a plain link. No tracking pixel, no
 * remote image (the logo travels inline, as cid:provider-logo), no rewritten links.
 */

export const SECRET_LINK = "{{cairn-secret-link}}";
export const LOGO_CID = "provider-logo";

export interface MailBrand {
  name: string;
  /** #rrggbb, dark enough for white text (the branding form checks 3:1, so the button text is large and bold). */
  accentColour: string;
  hasLogo: boolean;
}

export interface MailContent {
  lang?: string;
  /** The first line, e.g. "Your readiness survey". */
  heading: string;
  /** Paragraphs of plain text; line breaks inside one are kept. */
  paragraphs: string[];
  /** The one thing to do; its url may be SECRET_LINK. */
  action?: { label: string; url: string };
  /** Small print under the button, e.g. when the link stops working. */
  after?: string[];
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Free text may not smuggle in the placeholder (it would become the link wherever it is written). */
function plain(text: string): string {
  return text.replaceAll(SECRET_LINK, "").replace(/\r\n?/g, "\n");
}

function paragraphHtml(text: string, style: string): string {
  return `<p style="${style}">${escapeHtml(plain(text)).replace(/\n/g, "<br>")}</p>`;
}

export function composeMail(brand: MailBrand, content: MailContent): { text: string; html: string } {
  const lang = escapeHtml(content.lang ?? "en");
  const accent = /^#[0-9a-fA-F]{6}$/.test(brand.accentColour) ? brand.accentColour : "#0f766e";
  const name = escapeHtml(plain(brand.name));
  const actionUrl = content.action ? (content.action.url === SECRET_LINK ? SECRET_LINK : escapeHtml(content.action.url)) : null;

  const text = [
    plain(brand.name),
    "",
    plain(content.heading),
    "",
    ...content.paragraphs.flatMap((p) => [plain(p), ""]),
    ...(content.action ? [`${plain(content.action.label)}:`, content.action.url === SECRET_LINK ? SECRET_LINK : plain(content.action.url), ""] : []),
    ...(content.after ?? []).flatMap((p) => [plain(p), ""]),
  ].join("\n");

  const body = "margin:0 0 16px;font-size:16px;line-height:1.5;color:#1f2933";
  const small = "margin:0 0 12px;font-size:14px;line-height:1.5;color:#3e4c59";
  const header = brand.hasLogo
    ? `<img src="cid:${LOGO_CID}" alt="${name}" height="40" style="display:block;height:40px;max-width:240px;border:0">`
    : `<span style="font-size:20px;font-weight:bold;color:#1f2933">${name}</span>`;
  const button = actionUrl
    ? `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 20px"><tr><td style="background:${accent};border-radius:6px">` +
      `<a href="${actionUrl}" style="display:inline-block;padding:12px 22px;font-size:18px;font-weight:bold;color:#ffffff;text-decoration:none">${escapeHtml(plain(content.action!.label))}</a>` +
      `</td></tr></table>` +
      `<p style="${small}">If the button does not work, copy this address into your browser:<br><a href="${actionUrl}" style="color:#1f2933;word-break:break-all">${actionUrl}</a></p>`
    : "";

  const html = [
    `<!doctype html>`,
    `<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(plain(content.heading))}</title></head>`,
    `<body style="margin:0;padding:0;background:#f5f7fa;font-family:Arial,Helvetica,sans-serif">`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f5f7fa"><tr><td align="center" style="padding:24px 12px">`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-top:6px solid ${accent};border-radius:4px">`,
    `<tr><td style="padding:24px 28px 8px">${header}</td></tr>`,
    `<tr><td style="padding:8px 28px 24px">`,
    `<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3;color:#1f2933">${escapeHtml(plain(content.heading))}</h1>`,
    ...content.paragraphs.map((p) => paragraphHtml(p, body)),
    button,
    ...(content.after ?? []).map((p) => paragraphHtml(p, small)),
    `</td></tr></table>`,
    `</td></tr></table>`,
    `</body></html>`,
  ].join("\n");
  return { text, html };
}

/** Fills in the secret link at send time: raw in the text part, escaped in the HTML. */
export function fillSecretLink(bodies: { text: string; html: string }, link: string | null): { text: string; html: string } {
  if (link === null) return bodies;
  return { text: bodies.text.replaceAll(SECRET_LINK, link), html: bodies.html.replaceAll(SECRET_LINK, escapeHtml(link)) };
}
