/*
 * `npm run questionnaires:check`: every bundled questionnaire is valid, and no published version has
 * been edited (its SHA-256 must match questionnaires/published.json). Exits 1 on any problem.
 *
 * published.json maps key → version → the sha256 of survey.json (and, for people reading it, the title):
 *   { "hybrid-cloud-readiness": { "1": { "title": "Hybrid-cloud readiness assessment", "sha256": "2beb…" } } }
 * A bare hash string in place of the object is accepted too. A version missing from it is
 * unpublished: a warning, not a failure.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DIMENSIONS } from "../app/domain/dimensions";
import { validateQuestionnaire, type QuestionnaireSummary } from "../app/domain/questionnaire-validation";

export interface QuestionnaireCheckFinding {
  /** The file concerned, relative to the questionnaires folder. */
  file: string;
  /** Place in the JSON, when the finding is about part of a questionnaire. */
  path?: string;
  questionName?: string;
  message: string;
}

export interface CheckedQuestionnaire {
  key: string;
  version: string;
  file: string;
  sha256: string;
  published: boolean;
  /** Null when the file is not valid JSON. */
  summary: QuestionnaireSummary | null;
}

export interface QuestionnaireCheck {
  /** Anything here fails the check. */
  problems: QuestionnaireCheckFinding[];
  warnings: QuestionnaireCheckFinding[];
  questionnaires: CheckedQuestionnaire[];
}

export const PUBLISHED_FILE = "published.json";
const KEY_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const VERSION_PATTERN = /^[1-9][0-9]*$/;

export function sha256Of(content: Buffer | string): string {
  return createHash("sha256").update(content).digest("hex");
}

type PublishedVersions = Record<string, Record<string, string>>;

function readPublished(rootDir: string, problems: QuestionnaireCheckFinding[], warnings: QuestionnaireCheckFinding[]): PublishedVersions {
  const file = join(rootDir, PUBLISHED_FILE);
  if (!existsSync(file)) {
    warnings.push({ file: PUBLISHED_FILE, message: "There is no published.json, so no version is locked." });
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    problems.push({ file: PUBLISHED_FILE, message: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` });
    return {};
  }
  const published: PublishedVersions = {};
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    problems.push({ file: PUBLISHED_FILE, message: "Must be an object: { key: { version: { sha256, title } } }." });
    return published;
  }
  for (const [key, versions] of Object.entries(parsed)) {
    if (typeof versions !== "object" || versions === null || Array.isArray(versions)) {
      problems.push({ file: PUBLISHED_FILE, path: key, message: "Must be an object mapping each version to its sha256." });
      continue;
    }
    published[key] = {};
    for (const [version, entry] of Object.entries(versions)) {
      const hash: unknown = typeof entry === "object" && entry !== null && "sha256" in entry ? entry.sha256 : entry;
      if (typeof hash !== "string" || !/^[0-9a-f]{64}$/.test(hash)) {
        problems.push({
          file: PUBLISHED_FILE,
          path: `${key}.${version}`,
          message: 'Must be { "sha256": "<lowercase hex SHA-256 of survey.json>", "title": "…" }.',
        });
        continue;
      }
      published[key][version] = hash;
    }
  }
  return published;
}

function subdirectories(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => !name.startsWith(".") && statSync(join(dir, name)).isDirectory())
    .sort();
}

/** Checks every `<key>/<version>/survey.json` under rootDir (the questionnaires folder). */
export function checkQuestionnaires(rootDir: string): QuestionnaireCheck {
  const problems: QuestionnaireCheckFinding[] = [];
  const warnings: QuestionnaireCheckFinding[] = [];
  const questionnaires: CheckedQuestionnaire[] = [];
  const published = readPublished(rootDir, problems, warnings);

  for (const key of subdirectories(rootDir)) {
    for (const version of subdirectories(join(rootDir, key))) {
      const absolute = join(rootDir, key, version, "survey.json");
      if (!existsSync(absolute)) continue;
      const file = relative(rootDir, absolute);
      if (!KEY_PATTERN.test(key)) {
        problems.push({ file, message: `The key "${key}" must be lowercase words joined by hyphens.` });
      }
      if (!VERSION_PATTERN.test(version)) {
        problems.push({ file, message: `The version "${version}" must be a whole number from 1.` });
      }

      const content = readFileSync(absolute);
      const sha256 = sha256Of(content);
      const lockedHash = published[key]?.[version];
      if (lockedHash === undefined) {
        warnings.push({ file, message: "Unpublished: not in published.json yet." });
      } else if (lockedHash !== sha256) {
        problems.push({
          file,
          message: `Published version was edited (sha256 ${sha256}, published ${lockedHash}). Restore it and copy the folder to a new version instead.`,
        });
      }

      let json: unknown;
      try {
        json = JSON.parse(content.toString("utf8"));
      } catch (error) {
        problems.push({ file, message: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` });
        questionnaires.push({ key, version, file, sha256, published: lockedHash !== undefined, summary: null });
        continue;
      }
      const validation = validateQuestionnaire(json);
      for (const problem of validation.problems) problems.push({ file, ...problem });
      // Uploads are accepted with warnings; Cairn's own questionnaires are written for it and must have none.
      for (const warning of validation.warnings) problems.push({ file, ...warning, message: `${warning.message} (a bundled questionnaire must have no warnings)` });
      questionnaires.push({ key, version, file, sha256, published: lockedHash !== undefined, summary: validation.summary });
    }
  }

  for (const [key, versions] of Object.entries(published)) {
    for (const version of Object.keys(versions)) {
      if (!existsSync(join(rootDir, key, version, "survey.json"))) {
        problems.push({ file: PUBLISHED_FILE, path: `${key}.${version}`, message: "A published version is missing its survey.json." });
      }
    }
  }
  return { problems, warnings, questionnaires };
}

function formatFinding(finding: QuestionnaireCheckFinding): string {
  const place = [finding.file, finding.path, finding.questionName && `(${finding.questionName})`].filter(Boolean).join(" ");
  return `${place}: ${finding.message}`;
}

/** The report the script prints. */
export function formatQuestionnaireCheck(check: QuestionnaireCheck): string {
  const lines: string[] = [];
  for (const questionnaire of check.questionnaires) {
    const status = questionnaire.published ? "published" : "unpublished";
    lines.push(`${questionnaire.key} v${questionnaire.version} (${status})`);
    const summary = questionnaire.summary;
    if (!summary) continue;
    lines.push(`  "${summary.title}": ${summary.questionCount} questions, ${summary.scoredQuestionCount} scored`);
    for (const dimension of DIMENSIONS) {
      lines.push(`    ${dimension.key.padEnd(12)} ${summary.questionsPerDimension[dimension.key]}`);
    }
    lines.push(`    ${"unscored".padEnd(12)} ${summary.unscoredQuestions.length}`);
  }
  for (const warning of check.warnings) lines.push(`warning: ${formatFinding(warning)}`);
  for (const problem of check.problems) lines.push(`problem: ${formatFinding(problem)}`);
  lines.push(
    check.problems.length === 0
      ? `OK: ${check.questionnaires.length} questionnaire version(s) checked.`
      : `FAILED: ${check.problems.length} problem(s).`,
  );
  return lines.join("\n");
}

const invokedDirectly = process.argv[1] !== undefined && pathToFileURL(resolve(process.argv[1])).href === import.meta.url;
if (invokedDirectly) {
  const check = checkQuestionnaires(fileURLToPath(new URL(".", import.meta.url)));
  console.log(formatQuestionnaireCheck(check));
  process.exit(check.problems.length === 0 ? 0 : 1);
}
