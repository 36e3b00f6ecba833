/*
 * The invitation a respondent receives. The consultant may reword the body per assessment; the facts
 * a respondent needs are added by Cairn whatever the wording: the greeting, the button, how long the
 * personal link works, and that answers save as they go.
 */

export const MAX_INVITATION_TEXT_LENGTH = 5000;
export const SURVEY_MINUTES = 20;

export function defaultInvitationText(who: { consultantName: string; providerName: string; customerName: string }): string {
  return [
    `${who.consultantName} at ${who.providerName} is running a hybrid-cloud readiness assessment with ${who.customerName}, and would like your view.`,
    `The questions ask how your organisation plans, builds, runs and pays for its IT today. There are no right answers: what matters is how things look from where you sit.`,
    `It takes about ${SURVEY_MINUTES} minutes.`,
  ].join("\n\n");
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "31 December 2026", in UTC: mail has no reader's time zone to show it in. */
export function longDate(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

export interface InvitationMail {
  subject: string;
  heading: string;
  paragraphs: string[];
  actionLabel: string;
  after: string[];
}

export function invitationMail(input: { text: string; respondentName: string | null; customerName: string; providerName: string; expiresAt: string; reminder?: boolean }): InvitationMail {
  const greeting = input.respondentName ? `Hello ${input.respondentName},` : "Hello,";
  const body = input.text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return {
    subject: `${input.reminder ? "Reminder: " : ""}${input.customerName}'s hybrid-cloud readiness survey, from ${input.providerName}`,
    heading: input.reminder ? "A reminder: your readiness survey" : "Your readiness survey",
    paragraphs: [greeting, ...body],
    actionLabel: "Open the survey",
    after: [
      `Please answer by ${longDate(input.expiresAt)}, when this link stops working. Your answers save as you go: you can stop and carry on later from the same link, on any device.`,
      ...(input.reminder ? ["This message carries a new link: the one in earlier messages no longer works. Anything you already answered is kept."] : []),
      "The link is personal to you: please do not forward it. Reply to this message if you have a question.",
    ],
  };
}
