/*
 * The one way to load the bundled teaching catalogue:
 * `questionnaires/teaching-catalogue/<version>/catalogue.json`, read relative to process.cwd() (the
 * server always runs from the repository root), like questionnaire-catalogue.server.ts. A published
 * version never changes, so each is read, validated and kept once per process.
 *
 * `questionnaires/teaching-catalogue/published.json` locks each published version by the SHA-256
 * of its catalogue.json, in the same format as questionnaires/published.json:
 *   { "1": { "title": "Cairn teaching catalogue", "sha256": "…" } }
 * To change the catalogue, copy the folder to the next version number and record its hash.
 * A plan records the catalogue version it was made with, so an old plan can always be shown.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { validateTeachingCatalogue, type TeachingCatalogue } from "./teaching-catalogue";

export const CATALOGUE_FILE = "catalogue.json";
export const PUBLISHED_CATALOGUES_FILE = "published.json";

export class TeachingCatalogueNotFoundError extends Error {
  constructor(readonly version: number | string) {
    super(`There is no bundled teaching catalogue version ${version}.`);
    this.name = "TeachingCatalogueNotFoundError";
  }
}

export interface TeachingCatalogueListing {
  version: number;
  title: string;
}

export interface PublishedCatalogueFinding {
  /** Relative to the teaching-catalogue folder. */
  file: string;
  message: string;
}

export interface TeachingCatalogueStore {
  getTeachingCatalogue(version: number): TeachingCatalogue;
  listTeachingCatalogues(): TeachingCatalogueListing[];
  /** The highest bundled version: what a new plan is made with. */
  latestTeachingCatalogueVersion(): number;
}

const VERSION_FOLDER_PATTERN = /^[1-9][0-9]*$/;

export function sha256Of(content: Buffer | string): string {
  return createHash("sha256").update(content).digest("hex");
}

/** A store reading from `rootDir` (the teaching-catalogue folder). The app uses the default one below. */
export function createTeachingCatalogueStore(rootDir: string): TeachingCatalogueStore {
  const loaded = new Map<number, TeachingCatalogue>();

  function fileOf(version: number): string | null {
    // Versions come from URLs and database rows: never let one walk out of the folder.
    if (!Number.isInteger(version) || version < 1) return null;
    const file = join(rootDir, String(version), CATALOGUE_FILE);
    return existsSync(file) ? file : null;
  }

  function getTeachingCatalogue(version: number): TeachingCatalogue {
    const cached = loaded.get(version);
    if (cached) return cached;
    const file = fileOf(version);
    if (!file) throw new TeachingCatalogueNotFoundError(version);
    const validation = validateTeachingCatalogue(JSON.parse(readFileSync(file, "utf8")), version);
    if (!validation.ok) {
      const details = validation.problems.map((problem) => `${problem.path}: ${problem.message}`).join("; ");
      throw new Error(`Bundled teaching catalogue version ${version} is invalid: ${details}`);
    }
    loaded.set(version, validation.catalogue);
    return validation.catalogue;
  }

  function versions(): number[] {
    if (!existsSync(rootDir)) return [];
    return readdirSync(rootDir)
      .filter((name) => VERSION_FOLDER_PATTERN.test(name) && statSync(join(rootDir, name)).isDirectory())
      .map(Number)
      .filter((version) => fileOf(version) !== null)
      .sort((a, b) => a - b);
  }

  function listTeachingCatalogues(): TeachingCatalogueListing[] {
    return versions().map((version) => ({ version, title: getTeachingCatalogue(version).title }));
  }

  function latestTeachingCatalogueVersion(): number {
    const all = versions();
    if (all.length === 0) throw new TeachingCatalogueNotFoundError("(none)");
    return all[all.length - 1];
  }

  return { getTeachingCatalogue, listTeachingCatalogues, latestTeachingCatalogueVersion };
}

/**
 * Every bundled version is recorded in published.json with the SHA-256 of its catalogue.json, and
 * matches it; every recorded version exists. Returns the problems (none when all is well), ready for
 * a check script.
 */
export function checkPublishedTeachingCatalogues(rootDir: string): PublishedCatalogueFinding[] {
  const findings: PublishedCatalogueFinding[] = [];
  const publishedFile = join(rootDir, PUBLISHED_CATALOGUES_FILE);
  if (!existsSync(publishedFile)) return [{ file: PUBLISHED_CATALOGUES_FILE, message: "There is no published.json." }];
  let published: unknown;
  try {
    published = JSON.parse(readFileSync(publishedFile, "utf8"));
  } catch (error) {
    return [{ file: PUBLISHED_CATALOGUES_FILE, message: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` }];
  }
  if (typeof published !== "object" || published === null || Array.isArray(published)) {
    return [{ file: PUBLISHED_CATALOGUES_FILE, message: 'Must be { "<version>": { "title": "…", "sha256": "…" } }.' }];
  }
  const recorded = new Map<string, unknown>(Object.entries(published));

  const bundled = existsSync(rootDir)
    ? readdirSync(rootDir).filter((name) => VERSION_FOLDER_PATTERN.test(name) && existsSync(join(rootDir, name, CATALOGUE_FILE)))
    : [];
  for (const version of bundled) {
    const file = join(version, CATALOGUE_FILE);
    const entry = recorded.get(version);
    const hash = typeof entry === "object" && entry !== null && "sha256" in entry ? entry.sha256 : undefined;
    if (typeof hash !== "string") {
      findings.push({ file, message: "Not recorded in published.json with its sha256." });
      continue;
    }
    const actual = sha256Of(readFileSync(join(rootDir, file)));
    if (actual !== hash) {
      findings.push({
        file,
        message: `A published version was edited (sha256 ${actual}, published ${hash}). Restore it and copy the folder to a new version instead.`,
      });
    }
  }
  for (const version of recorded.keys()) {
    if (!bundled.includes(version)) findings.push({ file: PUBLISHED_CATALOGUES_FILE, message: `Version ${version} is recorded but has no ${CATALOGUE_FILE}.` });
  }
  return findings;
}

let defaultStore: TeachingCatalogueStore | undefined;

function store(): TeachingCatalogueStore {
  defaultStore ??= createTeachingCatalogueStore(join(process.cwd(), "questionnaires", "teaching-catalogue"));
  return defaultStore;
}

/** A bundled teaching catalogue, validated. Throws TeachingCatalogueNotFoundError for an unknown version. */
export function getTeachingCatalogue(version: number): TeachingCatalogue {
  return store().getTeachingCatalogue(version);
}

/** Every bundled catalogue version, oldest first. */
export function listTeachingCatalogues(): TeachingCatalogueListing[] {
  return store().listTeachingCatalogues();
}

/** The version a new plan is made with. */
export function latestTeachingCatalogueVersion(): number {
  return store().latestTeachingCatalogueVersion();
}
