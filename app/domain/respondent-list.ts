import { z } from "zod";
import { RESPONDENT_GROUPS, type RespondentGroup } from "./dimensions";

/*
 * A consultant pastes the people to invite, one a line: `name, email, group`, as typed or copied
 * from a spreadsheet (which pastes tab-separated columns). The whole list is checked before
 * anything is saved, so a consultant fixes the few bad lines and pastes again, rather than
 * working out which half of a list made it in.
 */

/** More than this in one paste is more likely a mistake than a survey; it also bounds the work of one request. */
export const MAX_RESPONDENTS_PER_LIST = 500;
export const MAX_RESPONDENT_NAME_LENGTH = 120;

export interface ListedRespondent {
  /** The line of the pasted text, counting from 1, blank lines included: the number a person sees. */
  line: number;
  name: string | null;
  email: string | null;
  group: RespondentGroup;
}

export interface ListProblem {
  line: number;
  reason: string;
}

export type RespondentListResult =
  | { ok: true; respondents: ListedRespondent[] }
  | { ok: false; summary: string; problems: ListProblem[] };

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F]/;
const GROUP_NAMES = RESPONDENT_GROUPS.map((g) => g.name);
const GROUP_CHOICES = `${GROUP_NAMES.slice(0, -1).join(", ")} or ${GROUP_NAMES[GROUP_NAMES.length - 1]}`;

// The schema is made when a list is checked, not when the module loads: a zod schema built at top
// level is a side effect the bundler keeps, which put zod (~90 KiB gzipped) into the browser code
// of the assessment page, whose component never checks a list.
const isEmailAddress = (address: string) => z.email().max(254).safeParse(address).success;

/** A group by its key ("it") or its name ("Engineering"), in any case. */
export function findRespondentGroup(text: string): RespondentGroup | null {
  const wanted = text.trim().toLowerCase();
  const group = RESPONDENT_GROUPS.find((g) => g.key === wanted || g.name.toLowerCase() === wanted);
  return group ? group.key : null;
}

function splitFields(line: string): string[] {
  // A tab means a spreadsheet paste, where a comma may well be part of a name ("Doe, Jane").
  const fields = line.split(line.includes("\t") ? "\t" : ",").map((field) => field.trim());
  // Spreadsheets often paste empty trailing columns; the three we read stay, even when empty.
  while (fields.length > 3 && fields[fields.length - 1] === "") fields.pop();
  return fields;
}

function isHeaderLine(fields: string[]): boolean {
  return fields.map((f) => f.toLowerCase()).join(",") === "name,email,group";
}

function readLine(fields: string[]): { name: string; email: string; group: string } | string {
  if (fields.length === 3) return { name: fields[0], email: fields[1], group: fields[2] };
  // Two fields: a name or an email, then the group. An address always has an @, a name never needs one.
  if (fields.length === 2 && fields[1].includes("@")) return `The group is missing: use ${GROUP_CHOICES}.`;
  if (fields.length === 2) return fields[0].includes("@") ? { name: "", email: fields[0], group: fields[1] } : { name: fields[0], email: "", group: fields[1] };
  if (fields.length < 2) return "Expected name, email, group separated by commas or tabs.";
  return `Expected 3 fields (name, email, group) but found ${fields.length}. If a name contains a comma, separate the fields with tabs.`;
}

export function parseRespondentList(text: string): RespondentListResult {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const respondents: ListedRespondent[] = [];
  const problems: ListProblem[] = [];
  const firstLineOfEmail = new Map<string, number>();
  let seenContent = false;

  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    if (raw.trim() === "") continue;
    const fields = splitFields(raw);
    if (!seenContent && isHeaderLine(fields)) {
      seenContent = true;
      continue;
    }
    seenContent = true;

    const read = readLine(fields);
    if (typeof read === "string") {
      problems.push({ line, reason: read });
      continue;
    }
    const reasons: string[] = [];
    const name = read.name;
    const address = read.email.toLowerCase();
    if (name === "" && address === "") reasons.push("Give a name or an email address (or both).");
    if (CONTROL_CHARACTERS.test(name)) reasons.push("The name must be plain text.");
    if (name.length > MAX_RESPONDENT_NAME_LENGTH) reasons.push(`The name must be at most ${MAX_RESPONDENT_NAME_LENGTH} characters.`);
    if (address !== "" && !isEmailAddress(address)) reasons.push(`"${read.email}" is not a valid email address.`);
    const earlier = address === "" ? undefined : firstLineOfEmail.get(address);
    if (earlier !== undefined) reasons.push(`${address} is already on line ${earlier}.`);
    else if (address !== "") firstLineOfEmail.set(address, line);
    const group = findRespondentGroup(read.group);
    if (read.group === "") reasons.push(`The group is missing: use ${GROUP_CHOICES}.`);
    else if (!group) reasons.push(`"${read.group}" is not a group: use ${GROUP_CHOICES}.`);

    if (reasons.length > 0 || !group) problems.push({ line, reason: reasons.join(" ") });
    else respondents.push({ line, name: name || null, email: address || null, group });
  }

  const count = respondents.length + problems.length;
  if (count === 0) return { ok: false, summary: "Paste at least one person: name, email, group.", problems: [] };
  if (count > MAX_RESPONDENTS_PER_LIST) {
    return {
      ok: false,
      summary: `A list can hold at most ${MAX_RESPONDENTS_PER_LIST} people and this one has ${count}. Split it and add it in parts.`,
      problems: [],
    };
  }
  if (problems.length > 0) {
    const lineWord = problems.length === 1 ? "1 line needs" : `${problems.length} lines need`;
    return { ok: false, summary: `${lineWord} fixing; nobody was added.`, problems };
  }
  return { ok: true, respondents };
}
