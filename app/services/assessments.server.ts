import type { Kysely } from "kysely";
import { z } from "zod";
import { createAssessment } from "../../db/repositories/assessments";
import { createRespondents, getRespondent, type RespondentProgress } from "../../db/repositories/respondents";
import type { Database, Respondent } from "../../db/schema";
import { groupName, isRespondentGroup, type RespondentGroup } from "~/domain/dimensions";
import { MAX_INVITATION_TEXT_LENGTH } from "~/domain/invitation";
import { MAX_REMINDERS } from "~/domain/reminders";
import { MAX_RESPONDENT_NAME_LENGTH } from "~/domain/respondent-list";
import { singleLine } from "~/utils/forms.server";
import { defaultQuestionnaire, listStartableQuestionnaires } from "./questionnaires.server";
import { issueSurveyToken, linkExpiry, SURVEY_LINK_DAYS } from "./survey-access.server";

/*
 * The consultant's side of running an assessment: starting one, inviting respondents by private
 * link, and looking after those links. A link's token exists only in the response that issues it;
 * the database keeps its SHA-256, so a lost link is replaced (re-issued), never shown again.
 */

export const MAX_LINK_DAYS = 365;

// ---------------------------------------------------------------------------------------------
// Starting an assessment

/** "Readiness assessment November 2026": the title a new assessment starts with. */
export function defaultAssessmentTitle(now = new Date()): string {
  return `Readiness assessment ${now.toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" })}`;
}

/** A questionnaire version as a form value: `hybrid-cloud-readiness@1`. */
export function questionnaireChoiceValue(q: { key: string; version: number }): string {
  return `${q.key}@${q.version}`;
}

/** The versions a consultant may start with (archived ones left out), and the one the form preselects. */
export async function questionnaireChoices(organisationId: string): Promise<{ value: string; label: string }[]> {
  return (await listStartableQuestionnaires(organisationId)).map((q) => ({
    value: questionnaireChoiceValue(q),
    label: `${q.title} (version ${q.version}${q.source === "uploaded" ? ", your practice's" : ""})`,
  }));
}

/** The choice a new assessment's form preselects: the newest version of Cairn's own questionnaire. */
export async function defaultQuestionnaireChoice(organisationId: string): Promise<string | undefined> {
  const chosen = defaultQuestionnaire(await listStartableQuestionnaires(organisationId));
  return chosen ? questionnaireChoiceValue(chosen) : undefined;
}

/** A questionnaire version as a form field: one of the versions this provider can use. */
function questionnaireChoiceAmong(available: { key: string; version: number }[]) {
  return z
    .string({ error: "Choose a questionnaire." })
    .transform((value, ctx) => {
      const chosen = available.find((q) => questionnaireChoiceValue(q) === value);
      if (!chosen) {
        ctx.addIssue({ code: "custom", message: "Choose a questionnaire from the list." });
        return z.NEVER;
      }
      return { key: chosen.key, version: chosen.version };
    });
}

/** The start-assessment form, for a provider that can use the `available` questionnaire versions. */
export function startAssessmentForm(available: { key: string; version: number }[]) {
  return z.object({
    title: singleLine("Title", { min: 1, max: 200 }),
    questionnaire: questionnaireChoiceAmong(available),
    mode: z.enum(["self-serve", "workshop"], { error: "Choose how the assessment is run." }),
  });
}

// ---------------------------------------------------------------------------------------------
// What the assessment page's forms may ask for

const respondentGroup = z.custom<RespondentGroup>(isRespondentGroup, { error: "Choose a group." });

/** Days a link stays valid; an empty field means the usual 30. */
function linkDays() {
  const message = `Enter a whole number of days from 1 to ${MAX_LINK_DAYS}.`;
  return z
    .string()
    .optional()
    .transform((s) => (s ?? "").trim())
    .transform((s) => (s === "" ? SURVEY_LINK_DAYS : Number(s)))
    .pipe(z.number({ error: message }).int(message).min(1, message).max(MAX_LINK_DAYS, message));
}

const optionalEmail = z
  .string()
  .optional()
  .transform((s) => (s ?? "").trim().toLowerCase())
  .refine((s) => s === "" || z.email().max(254).safeParse(s).success, "Enter a valid email address, or leave it empty.");

/** "send invitations now" or "I will share the links myself"; sharing is the default (and the only choice without SMTP). */
const delivery = z.enum(["send", "share"], { error: "Choose how the links reach people." }).default("share");

const respondentId = z.string({ error: "Choose a respondent." }).min(1, "Choose a respondent.").max(100);

// One literal intent per schema, so that TypeScript narrows the parsed action by its intent.
function respondentAction<I extends string>(intent: I) {
  return z.object({ intent: z.literal(intent), respondentId });
}

/** The language people answer in: "" for their browser's; checked against the questionnaire's languages by the action. */
const answeringLocale = z
  .string()
  .max(16)
  .regex(/^([a-z]{2,3}(-[a-z0-9]+)?)?$/i, "Choose one of the questionnaire's languages.")
  .default("");

/** The consultant's choice of language for new respondents: null (their browser's) or one the questionnaire has. */
export function chosenLocale(locale: string, available: readonly string[]): { ok: true; locale: string | null } | { ok: false; message: string } {
  if (locale === "") return { ok: true, locale: null };
  return available.includes(locale) ? { ok: true, locale } : { ok: false, message: "This questionnaire is not available in that language." };
}

export const AssessmentAction = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("add"),
      name: singleLine("Name", { max: MAX_RESPONDENT_NAME_LENGTH }),
      email: optionalEmail,
      group: respondentGroup,
      days: linkDays(),
      delivery,
      locale: answeringLocale,
    }),
    // The list itself is checked line by line by parseRespondentList; this only bounds its size.
    z.object({ intent: z.literal("add-list"), list: z.string().max(200_000, "That list is too long: add it in parts.").default(""), listDays: linkDays(), delivery, listLocale: answeringLocale }),
    z.object({
      intent: z.literal("reminder-schedule"),
      afterDays: z
        .string()
        .optional()
        .transform((s) => (s ?? "").trim())
        .transform((s) => (s === "" ? null : Number(s)))
        .pipe(z.number({ error: "Enter whole days from 1 to 60, or leave it empty for no reminders." }).int("Enter whole days from 1 to 60.").min(1, "Enter whole days from 1 to 60.").max(60, "Enter whole days from 1 to 60.").nullable()),
      max: z.coerce.number({ error: `Enter 1 to ${MAX_REMINDERS}.` }).int(`Enter 1 to ${MAX_REMINDERS}.`).min(1, `Enter 1 to ${MAX_REMINDERS}.`).max(MAX_REMINDERS, `Enter 1 to ${MAX_REMINDERS}.`).default(2),
    }),
    z.object({ intent: z.literal("remind-now") }),
    z.object({
      intent: z.literal("invitation-text"),
      invitationText: z.string().max(MAX_INVITATION_TEXT_LENGTH, `At most ${MAX_INVITATION_TEXT_LENGTH} characters.`).default(""),
      reset: z.string().optional(),
    }),
    z.object({ intent: z.literal("add-workshop"), label: singleLine("Label", { min: 1, max: MAX_RESPONDENT_NAME_LENGTH }), workshopGroup: respondentGroup, workshopLocale: answeringLocale }),
    respondentAction("reissue"),
    respondentAction("revoke"),
    respondentAction("restore"),
    respondentAction("reopen"),
    z.object({ intent: z.literal("extend"), respondentId, days: linkDays() }),
    z.object({ intent: z.literal("close") }),
    z.object({ intent: z.literal("reopen-assessment") }),
  ],
  { error: "Unknown action." },
);

// ---------------------------------------------------------------------------------------------
// Respondents and their links

export interface PersonToInvite {
  name: string | null;
  email: string | null;
  group: RespondentGroup;
}

/** A link as issued: shown to the consultant once, in the response to the request that made it. */
export interface IssuedLink {
  respondentId: string;
  who: string;
  /** For the CSV of links. */
  name: string | null;
  email: string | null;
  groupName: string;
  url: string;
  expiresAt: string;
}

export function describeRespondent(r: Pick<Respondent, "kind" | "label" | "name" | "email">): string {
  if (r.kind === "workshop") return r.label ?? "Workshop";
  if (r.name && r.email) return `${r.name} <${r.email}>`;
  return r.name ?? r.email ?? "Anonymous respondent";
}

function surveyLinkUrl(origin: string, token: string): string {
  return `${origin}/s/${token}`;
}

function nameOfGroup(key: string): string {
  return isRespondentGroup(key) ? groupName(key) : key;
}

/** Adds people to an assessment, each with a new private link valid for `days`. */
export async function invitePeople(
  db: Kysely<Database>,
  input: { organisationId: string; assessmentId: string; people: PersonToInvite[]; days: number; origin: string; locale?: string | null },
): Promise<IssuedLink[]> {
  const tokenExpiresAt = linkExpiry(input.days);
  const tokens = input.people.map(() => issueSurveyToken());
  const created = await createRespondents(db, {
    organisationId: input.organisationId,
    assessmentId: input.assessmentId,
    respondents: input.people.map((person, i) => ({
      kind: "person",
      groupKey: person.group,
      name: person.name,
      email: person.email,
      tokenHash: tokens[i].tokenHash,
      tokenExpiresAt,
      locale: input.locale ?? null,
    })),
  });
  return created.map((respondent, i) => ({
    respondentId: respondent.id,
    who: describeRespondent(respondent),
    name: respondent.name,
    email: respondent.email,
    groupName: nameOfGroup(respondent.group_key),
    url: surveyLinkUrl(input.origin, tokens[i].token),
    expiresAt: tokenExpiresAt,
  }));
}

/**
 * A new token for a lost or leaked link; the old one stops working at once and the answers stay.
 * The new link lasts the usual 30 days, or until the old one would have expired if that is later.
 */
export function newLinkFor(respondent: Pick<Respondent, "token_expires_at">, now = Date.now()) {
  const usual = linkExpiry(SURVEY_LINK_DAYS, now);
  const previous = respondent.token_expires_at;
  const tokenExpiresAt = previous && Date.parse(previous) > Date.parse(usual) ? previous : usual;
  return { ...issueSurveyToken(), tokenExpiresAt };
}

export function issuedLink(respondent: Respondent, token: string, tokenExpiresAt: string, origin: string): IssuedLink {
  return {
    respondentId: respondent.id,
    who: describeRespondent(respondent),
    name: respondent.name,
    email: respondent.email,
    groupName: nameOfGroup(respondent.group_key),
    url: surveyLinkUrl(origin, token),
    expiresAt: tokenExpiresAt,
  };
}

/** A respondent of this assessment of this provider; anything else is as good as missing. */
export async function getRespondentOfAssessment(
  db: Kysely<Database>,
  { organisationId, assessmentId, respondentId }: { organisationId: string; assessmentId: string; respondentId: string },
): Promise<Respondent | undefined> {
  const respondent = await getRespondent(db, { organisationId, respondentId });
  return respondent && respondent.assessment_id === assessmentId ? respondent : undefined;
}

// ---------------------------------------------------------------------------------------------
// The progress table

export type ProgressState = "invited" | "opened" | "in-progress" | "completed";
export type LinkState = "active" | "expired" | "revoked" | "none";

/** Where a respondent has got to. Someone who opened the link but has not answered yet is "opened". */
export function progressState(r: { status: Respondent["status"]; answeredCount: number }): ProgressState {
  if (r.status === "completed") return "completed";
  if (r.answeredCount > 0) return "in-progress";
  return r.status === "in-progress" ? "opened" : "invited";
}

export function linkState(r: Pick<Respondent, "kind" | "revoked" | "token_expires_at">, now = Date.now()): LinkState {
  if (r.kind === "workshop" || r.token_expires_at === null) return "none";
  if (r.revoked !== 0) return "revoked";
  return Date.parse(r.token_expires_at) > now ? "active" : "expired";
}

/** One row of the progress table, with nothing of the link but its state: never the token's hash. */
export function progressRow(r: RespondentProgress, now = Date.now()) {
  const activity = [r.last_activity_at, r.lastAnswerAt].filter((t): t is string => t !== null).sort();
  return {
    id: r.id,
    kind: r.kind,
    label: r.label,
    name: r.name,
    email: r.email,
    groupName: nameOfGroup(r.group_key),
    locale: r.locale,
    state: progressState(r),
    answeredCount: r.answeredCount,
    lastActivityAt: activity.length > 0 ? activity[activity.length - 1] : null,
    link: linkState(r, now),
    linkExpiresAt: r.token_expires_at,
  };
}

export type ProgressRow = ReturnType<typeof progressRow>;

/**
 * Re-assessment: a new assessment that remembers the one before (for trends), with the same people
 * invited again on new links and the same workshop sessions. Old links keep pointing at the old
 * assessment, whose answers are untouched.
 */
export async function startReassessment(
  database: Kysely<Database>,
  input: {
    organisationId: string;
    previous: { id: string; customer_id: string };
    title: string;
    questionnaireKey: string;
    questionnaireVersion: number;
    mode: "self-serve" | "workshop";
    createdBy: string;
    days: number;
    origin: string;
  },
): Promise<{ assessmentId: string; issuedLinks: IssuedLink[]; workshopSessions: number }> {
  const previousRespondents = await database
    .selectFrom("respondents")
    .selectAll()
    .where("organisation_id", "=", input.organisationId)
    .where("assessment_id", "=", input.previous.id)
    .orderBy("created_at")
    .execute();
  return database.transaction().execute(async (trx) => {
    const assessment = await createAssessment(trx, {
      organisationId: input.organisationId,
      customerId: input.previous.customer_id,
      title: input.title,
      questionnaireKey: input.questionnaireKey,
      questionnaireVersion: input.questionnaireVersion,
      mode: input.mode,
      createdBy: input.createdBy,
      previousAssessmentId: input.previous.id,
    });
    const people = previousRespondents
      .filter((r) => r.kind === "person")
      .filter((r) => isRespondentGroup(r.group_key))
      .map((r): PersonToInvite => ({ name: r.name, email: r.email, group: r.group_key as RespondentGroup }));
    const issuedLinks = people.length
      ? await invitePeople(trx, { organisationId: input.organisationId, assessmentId: assessment.id, people, days: input.days, origin: input.origin })
      : [];
    const workshops = previousRespondents.filter((r) => r.kind === "workshop");
    await createRespondents(trx, {
      organisationId: input.organisationId,
      assessmentId: assessment.id,
      respondents: workshops.map((w) => ({ kind: "workshop" as const, groupKey: w.group_key, label: w.label, tokenHash: null, tokenExpiresAt: null })),
    });
    return { assessmentId: assessment.id, issuedLinks, workshopSessions: workshops.length };
  });
}
