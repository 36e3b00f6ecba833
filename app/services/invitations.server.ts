import type { Kysely } from "kysely";
import { getAssessmentOverview } from "../../db/repositories/assessment-progress";
import { getOrganisation } from "../../db/repositories/organisations";
import { markInvitationMailed } from "../../db/repositories/reminders";
import { latestDeliveries, type DeliveryState } from "../../db/repositories/outbox";
import type { Database } from "../../db/schema";
import type { CurrentUser } from "~/auth/access.server";
import { defaultInvitationText, invitationMail } from "~/domain/invitation";
import { SECRET_LINK } from "~/mail/compose";
import { mailConfigured } from "~/mail/config.server";
import { nudgeMailWorker } from "~/mail/mail-worker.server";
import { invitePeople, type IssuedLink, type PersonToInvite } from "./assessments.server";
import { queueMail } from "./mail.server";

/*
 * Respondent invitations: adding people and, when the consultant asks for it and SMTP is configured,
 * queuing each one's invitation in the same transaction that creates them and their links. The link
 * is still returned once to the page (to copy, or download as CSV), as without mail.
 */

export type Delivery = "send" | "share";

async function invitationContext(db: Kysely<Database>, organisationId: string, assessmentId: string) {
  const [organisation, assessment] = await Promise.all([getOrganisation(db, { organisationId }), getAssessmentOverview(db, { organisationId, assessmentId })]);
  if (!organisation || !assessment) throw new Error("invitation context not found");
  return { organisation, assessment };
}

/** The invitation text this assessment sends: the consultant's own, or the default naming them. */
export function invitationTextFor(input: { invitationText: string | null; consultantName: string; providerName: string; customerName: string }): string {
  return input.invitationText ?? defaultInvitationText(input);
}

export async function addRespondents(
  db: Kysely<Database>,
  input: { user: CurrentUser; assessmentId: string; people: PersonToInvite[]; days: number; origin: string; delivery: Delivery; locale?: string | null },
): Promise<{ issuedLinks: IssuedLink[]; queued: number }> {
  const organisationId = input.user.organisationId;
  const send = input.delivery === "send";
  if (send && !mailConfigured()) throw new Error("addRespondents: mail is not configured");
  const { organisation, assessment } = await invitationContext(db, organisationId, input.assessmentId);
  const text = invitationTextFor({ invitationText: assessment.invitation_text, consultantName: input.user.name, providerName: organisation.name, customerName: assessment.customerName });
  const result = await db.transaction().execute(async (trx) => {
    const issuedLinks = await invitePeople(trx, { organisationId, assessmentId: input.assessmentId, people: input.people, days: input.days, origin: input.origin, locale: input.locale });
    let queued = 0;
    const mailed: string[] = [];
    if (send) {
      for (const [i, link] of issuedLinks.entries()) {
        const person = input.people[i];
        if (!person.email) continue;
        const mail = invitationMail({ text, respondentName: person.name, customerName: assessment.customerName, providerName: organisation.name, expiresAt: link.expiresAt });
        await queueMail(trx, {
          organisation,
          kind: "respondent-invitation",
          regarding: { type: "respondent", id: link.respondentId },
          to: person.email,
          replyTo: input.user.email,
          subject: mail.subject,
          content: { heading: mail.heading, paragraphs: mail.paragraphs, action: { label: mail.actionLabel, url: SECRET_LINK }, after: mail.after },
          secretLink: link.url,
        });
        queued++;
        mailed.push(link.respondentId);
      }
      // The reminder schedule counts from here.
      await markInvitationMailed(trx, { organisationId, respondentIds: mailed, at: new Date().toISOString() });
    }
    return { issuedLinks, queued };
  });
  if (result.queued > 0) nudgeMailWorker();
  return result;
}

export type RespondentDelivery = Pick<DeliveryState, "status" | "lastReply" | "nextAttemptAt" | "sentAt" | "kind">;

/** Each respondent's newest invitation or reminder, for the progress table. */
export async function deliveriesOf(db: Kysely<Database>, { organisationId, respondentIds }: { organisationId: string; respondentIds: string[] }): Promise<Map<string, RespondentDelivery>> {
  const latest = await latestDeliveries(db, { organisationId, regardingIds: respondentIds });
  return new Map([...latest].map(([id, d]) => [id, { status: d.status, lastReply: d.lastReply, nextAttemptAt: d.nextAttemptAt, sentAt: d.sentAt, kind: d.kind }]));
}
