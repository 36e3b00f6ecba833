import type { Kysely } from "kysely";
import { newId, nowIso } from "../ids";
import type { Database, Organisation } from "../schema";

export const DEFAULT_ACCENT_COLOUR = "#0f766e";

export async function createOrganisation(
  db: Kysely<Database>,
  input: { name: string; accentColour?: string },
): Promise<Organisation> {
  const now = nowIso();
  const organisation: Organisation = {
    id: newId(),
    name: input.name,
    accent_colour: input.accentColour ?? DEFAULT_ACCENT_COLOUR,
    logo_base64: null,
    logo_mime_type: null,
    mail_sender_name: null,
    mail_reply_to: null,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto("organisations").values(organisation).execute();
  return organisation;
}

export async function getOrganisation(
  db: Kysely<Database>,
  { organisationId }: { organisationId: string },
): Promise<Organisation | undefined> {
  return db.selectFrom("organisations").selectAll().where("id", "=", organisationId).executeTakeFirst();
}

export async function countOrganisations(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom("organisations").select((eb) => eb.fn.countAll().as("count")).executeTakeFirstOrThrow();
  return Number(row.count);
}

export interface BrandingUpdate {
  organisationId: string;
  name: string;
  accentColour: string;
  /** Mail sender name and reply-to; undefined keeps them, null clears them. */
  mailSenderName?: string | null;
  mailReplyTo?: string | null;
  /** undefined keeps the current logo; null removes it. */
  logo?: { base64: string; mimeType: string } | null;
}

export async function updateOrganisationBranding(db: Kysely<Database>, update: BrandingUpdate): Promise<void> {
  await db
    .updateTable("organisations")
    .set({
      name: update.name,
      accent_colour: update.accentColour,
      updated_at: nowIso(),
      ...(update.mailSenderName === undefined ? {} : { mail_sender_name: update.mailSenderName }),
      ...(update.mailReplyTo === undefined ? {} : { mail_reply_to: update.mailReplyTo }),
      ...(update.logo === undefined
        ? {}
        : { logo_base64: update.logo?.base64 ?? null, logo_mime_type: update.logo?.mimeType ?? null }),
    })
    .where("id", "=", update.organisationId)
    .execute();
}
