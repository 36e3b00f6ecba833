/*
 * The language a respondent answers in, and Cairn's own words on the survey page in that language.
 *
 * A questionnaire's languages are SurveyJS's: its default strings plus every locale its localisable
 * texts carry (`"title": {"default": "…", "de": "…"}`). The respondent's language is, in order: the
 * one they picked on the page, the one the consultant set for them, the best match of their
 * browser's Accept-Language, the questionnaire's default. Answers are stored as values, never as
 * texts, so scores and results do not depend on the language anyone answered in.
 *
 * SurveyJS translates its own chrome (Next, Complete, "Response required") once its locale file is
 * loaded (survey-core/i18n/german); the texts below are the rest of the page.
 */
import type { RespondentGroup } from "./dimensions";

/** The languages Cairn's survey chrome is written in. The first is the default. */
export const SURVEY_CHROME_LOCALES = ["en", "de"] as const;
export type ChromeLocale = (typeof SURVEY_CHROME_LOCALES)[number];

/** A language's name in that language, for the switcher. */
export const LANGUAGE_NAMES: Record<string, string> = { en: "English", de: "Deutsch", fr: "Français", es: "Español", it: "Italiano", nl: "Nederlands", pl: "Polski", pt: "Português" };

export function languageName(locale: string): string {
  return LANGUAGE_NAMES[locale] ?? locale;
}

/** SurveyJS's name for its default locale. A questionnaire's default strings are in it. */
export const DEFAULT_SURVEY_LOCALE = "en";

/** A BCP 47 tag reduced to its language (de-AT → de), or null when it is not one. */
export function languageOf(tag: string): string | null {
  const language = tag.trim().toLowerCase().split(/[-_]/)[0];
  return /^[a-z]{2,3}$/.test(language) ? language : null;
}

/** Accept-Language, best first (RFC 9110 q-values; ties keep their order). */
export function acceptedLanguages(header: string | null | undefined): string[] {
  if (!header) return [];
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return { language: languageOf(tag), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry): entry is { language: string; quality: number; index: number } => entry.language !== null && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return [...new Set(ranked.map((entry) => entry.language))];
}

export interface LocaleChoice {
  /** The questionnaire's languages, its default first. */
  available: readonly string[];
  /** What the respondent picked on the page, or the consultant set; null when neither. */
  chosen: string | null;
  acceptLanguage: string | null;
}

/** The language the survey is shown in (see the header for the order). */
export function pickSurveyLocale({ available, chosen, acceptLanguage }: LocaleChoice): string {
  if (chosen && available.includes(chosen)) return chosen;
  for (const language of acceptedLanguages(acceptLanguage)) if (available.includes(language)) return language;
  return available[0] ?? DEFAULT_SURVEY_LOCALE;
}

/** The chrome language for a survey locale: Cairn's words in it when they exist, else English. */
export function chromeLocaleOf(locale: string): ChromeLocale {
  return (SURVEY_CHROME_LOCALES as readonly string[]).includes(locale) ? (locale as ChromeLocale) : "en";
}

export interface SurveyMessages {
  saveState: Record<"idle" | "saving" | "saved" | "refused" | "offline" | "stopped", string>;
  sendingLast: string;
  offlineAtFinish: string;
  loading: string;
  progress: (page: number, pages: number, unanswered: number, minutesLeft: number) => string;
  forCustomer: (customer: string) => string;
  answeringAs: (group: string) => string;
  workshop: (session: string, group: string) => string;
  backToAssessment: string;
  language: string;
  change: string;
  thankYouTitle: string;
  thankYouText: string;
  facilitatorNotesLabel: string;
  facilitatorNotesTitle: string;
  facilitatorNotesHelp: string;
  groups: Record<RespondentGroup, string>;
  /** The survey's error page, by what went wrong. */
  errors: Record<"unavailable" | "closed" | "wait" | "failed", { title: string; text: string }>;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

const MESSAGES: Record<ChromeLocale, SurveyMessages> = {
  en: {
    saveState: {
      idle: "Your answers are saved as you go.",
      saving: "Saving…",
      saved: "All answers saved.",
      refused: "Some answers were not saved: see the message above.",
      offline: "Offline — your answers are kept on this device and will be sent when the connection returns.",
      stopped: "Not saved.",
    },
    sendingLast: "Sending your last answers…",
    offlineAtFinish: "You seem to be offline. Your answers are kept on this device; press Complete again once you are back online.",
    loading: "Loading the questions…",
    progress: (page, pages, unanswered, minutes) =>
      `Page ${page} of ${pages} · ${unanswered === 0 ? "every question answered" : `${unanswered} ${plural(unanswered, "question", "questions")} left, about ${minutes} ${plural(minutes, "minute", "minutes")}`}`,
    forCustomer: (customer) => `for ${customer}`,
    answeringAs: (group) => `Answering as: ${group}`,
    workshop: (session, group) => `Workshop: ${session} (${group})`,
    backToAssessment: "Back to the assessment",
    language: "Language",
    change: "Change",
    thankYouTitle: "Thank you",
    thankYouText: "Your answers are complete and saved. You can close this page. Below is a read-only copy of what you said.",
    facilitatorNotesLabel: "Facilitator notes",
    facilitatorNotesTitle: "Facilitator notes for this page",
    facilitatorNotesHelp: "Record dissent, quotes and context. Notes are saved as you type and appear beside the answers in the results.",
    groups: { it: "IT", engineering: "Engineering", business: "Business", executive: "Executive", other: "Other" },
    errors: {
      unavailable: { title: "This link does not work", text: "This survey link is not valid. It may have expired or been replaced. Please ask the person who sent it for a new one." },
      closed: { title: "This survey has closed", text: "This survey has closed. Thank you for your interest." },
      wait: { title: "Please wait a moment", text: "Too many attempts. Please wait and try again." },
      failed: { title: "Something went wrong", text: "Something went wrong on our side. Your saved answers are safe; please try the link again in a few minutes." },
    },
  },
  de: {
    saveState: {
      idle: "Ihre Antworten werden laufend gespeichert.",
      saving: "Wird gespeichert …",
      saved: "Alle Antworten gespeichert.",
      refused: "Einige Antworten wurden nicht gespeichert – siehe Hinweis oben.",
      offline: "Keine Verbindung – Ihre Antworten bleiben auf diesem Gerät und werden übertragen, sobald die Verbindung wieder besteht.",
      stopped: "Nicht gespeichert.",
    },
    sendingLast: "Ihre letzten Antworten werden übertragen …",
    offlineAtFinish: "Sie scheinen offline zu sein. Ihre Antworten bleiben auf diesem Gerät; klicken Sie erneut auf „Abschließen“, sobald Sie wieder online sind.",
    loading: "Die Fragen werden geladen …",
    progress: (page, pages, unanswered, minutes) =>
      `Seite ${page} von ${pages} · ${unanswered === 0 ? "alle Fragen beantwortet" : `noch ${unanswered} ${plural(unanswered, "Frage", "Fragen")}, etwa ${minutes} ${plural(minutes, "Minute", "Minuten")}`}`,
    forCustomer: (customer) => `für ${customer}`,
    answeringAs: (group) => `Sie antworten als: ${group}`,
    workshop: (session, group) => `Workshop: ${session} (${group})`,
    backToAssessment: "Zurück zum Assessment",
    language: "Sprache",
    change: "Ändern",
    thankYouTitle: "Vielen Dank",
    thankYouText: "Ihre Antworten sind vollständig und gespeichert. Sie können diese Seite jetzt schließen. Unten sehen Sie Ihre Antworten noch einmal zum Nachlesen.",
    facilitatorNotesLabel: "Moderationsnotizen",
    facilitatorNotesTitle: "Moderationsnotizen zu dieser Seite",
    facilitatorNotesHelp: "Halten Sie abweichende Meinungen, Zitate und Hintergründe fest. Notizen werden beim Tippen gespeichert und erscheinen in den Ergebnissen neben den Antworten.",
    groups: { it: "IT", engineering: "Entwicklung", business: "Fachbereich", executive: "Geschäftsleitung", other: "Sonstige" },
    errors: {
      unavailable: { title: "Dieser Link funktioniert nicht", text: "Dieser Umfragelink ist nicht gültig. Möglicherweise ist er abgelaufen oder wurde ersetzt. Bitte wenden Sie sich an die Person, die ihn Ihnen geschickt hat, und bitten Sie um einen neuen Link." },
      closed: { title: "Diese Umfrage ist beendet", text: "Diese Umfrage ist beendet. Vielen Dank für Ihr Interesse." },
      wait: { title: "Bitte warten Sie einen Moment", text: "Zu viele Versuche. Bitte warten Sie kurz und versuchen Sie es dann erneut." },
      failed: { title: "Etwas ist schiefgelaufen", text: "Bei uns ist ein Fehler aufgetreten. Ihre gespeicherten Antworten sind sicher; bitte versuchen Sie es in ein paar Minuten erneut." },
    },
  },
};

export function surveyMessages(locale: string): SurveyMessages {
  return MESSAGES[chromeLocaleOf(locale)];
}
