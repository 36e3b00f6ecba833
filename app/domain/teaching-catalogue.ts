/*
 * The teaching catalogue: the workshops, hands-on labs and briefings a stepping-stone plan is built
 * from ("teach, don't sell": the plan is a curriculum as much as a project). The catalogue is
 * versioned data in `questionnaires/teaching-catalogue/<version>/catalogue.json`, locked by the
 * SHA-256 in `questionnaires/teaching-catalogue/published.json`; this module holds its types, its
 * validation and the pure selection of modules for an assessment's results.
 *
 * A module "addresses" a dimension in one of two ways:
 *   { "dimension": "skills", "maxLevel": 2 }            fits organisations at or below maturity level 2
 *   { "dimension": "shadow-it", "minRiskBand": "high" } fits organisations whose shadow-IT risk is high or worse
 * A module fits when any of its addresses fits. A dimension with no score fits nothing: without
 * evidence Cairn does not prescribe (the plan says which dimensions were not measured).
 */
import {
  DIMENSIONS,
  RESPONDENT_GROUP_KEYS,
  getDimension,
  isDimensionKey,
  isRespondentGroup,
  type Dimension,
  type DimensionKey,
  type RespondentGroup,
} from "./dimensions";
// Maturity tables come from ./maturity, not ./scoring: scoring pulls in survey-core, and this module
// is part of the plan pages' client code.
import { MATURITY_LEVELS, RISK_BANDS, type MaturityLevel, type RiskBandKey } from "./maturity";
import type { AssessmentScores, DimensionScore } from "./scoring";

export const MODULE_FORMATS = ["workshop", "hands-on-lab", "briefing"] as const;
export type ModuleFormat = (typeof MODULE_FORMATS)[number];

export type MaturityDimensionKey = Extract<Dimension, { kind: "maturity" }>["key"];
export type RiskDimensionKey = Extract<Dimension, { kind: "risk" }>["key"];
export type MaturityLevelNumber = MaturityLevel["level"];

export const MATURITY_DIMENSION_KEYS: readonly MaturityDimensionKey[] = DIMENSIONS.flatMap((d) =>
  d.kind === "maturity" ? [d.key] : [],
);

/** Which organisations a module is for, in one dimension. */
export type ModuleFit =
  | { dimension: MaturityDimensionKey; maxLevel: MaturityLevelNumber }
  | { dimension: RiskDimensionKey; minRiskBand: RiskBandKey };

export interface TeachingModule {
  /** Stable slug; plans and records of delivered modules refer to it. */
  id: string;
  title: string;
  audience: RespondentGroup[];
  format: ModuleFormat;
  durationHours: number;
  /** Two to four. */
  learningObjectives: string[];
  /** Module ids to take first. */
  prerequisites: string[];
  addresses: ModuleFit[];
  /** One line: why the module matters, in the customer's terms. */
  why: string;
}

export interface TeachingCatalogue {
  version: number;
  title: string;
  /** In catalogue order, which is also the tie-break order of a selection. */
  modules: TeachingModule[];
}

// ---------------------------------------------------------------------------------------------
// Validation

export type CatalogueProblemKind =
  | "invalid-shape"
  | "duplicate-id"
  | "unknown-prerequisite"
  | "prerequisite-cycle"
  | "unknown-dimension"
  | "unknown-group"
  | "invalid-fit";

export interface CatalogueProblem {
  kind: CatalogueProblemKind;
  /** Place in the JSON, e.g. `modules[3].prerequisites[0]`. */
  path: string;
  /** The module concerned, when it has a usable id. */
  moduleId: string | null;
  message: string;
}

export type CatalogueValidation =
  | { ok: true; catalogue: TeachingCatalogue; problems: [] }
  | { ok: false; catalogue: null; problems: CatalogueProblem[] };

const MODULE_ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const RISK_BAND_KEYS: readonly RiskBandKey[] = RISK_BANDS.map((band) => band.key);
const MAX_DURATION_HOURS = 40;

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === "string");
}

function isMaturityDimensionKey(value: unknown): value is MaturityDimensionKey {
  return typeof value === "string" && (MATURITY_DIMENSION_KEYS as readonly string[]).includes(value);
}

function isMaturityLevelNumber(value: unknown): value is MaturityLevelNumber {
  return value === 1 || value === 2 || value === 3 || value === 4 || value === 5;
}

function isRiskBandKey(value: unknown): value is RiskBandKey {
  return typeof value === "string" && (RISK_BAND_KEYS as readonly string[]).includes(value);
}

function isModuleFormat(value: unknown): value is ModuleFormat {
  return typeof value === "string" && (MODULE_FORMATS as readonly string[]).includes(value);
}

/**
 * Checks a parsed catalogue.json. Every problem is reported (not just the first), each with its
 * place in the JSON; the catalogue is returned only when there are none.
 */
export function validateTeachingCatalogue(json: unknown, version = 1): CatalogueValidation {
  const problems: CatalogueProblem[] = [];
  const report = (kind: CatalogueProblemKind, path: string, moduleId: string | null, message: string) =>
    problems.push({ kind, path, moduleId, message });

  if (!isJsonObject(json)) {
    report("invalid-shape", "", null, 'A catalogue must be an object: { "title": "…", "modules": [ … ] }.');
    return { ok: false, catalogue: null, problems };
  }
  if (!isNonEmptyString(json.title)) report("invalid-shape", "title", null, "The catalogue needs a title.");
  if (!Array.isArray(json.modules) || json.modules.length === 0) {
    report("invalid-shape", "modules", null, "The catalogue needs a non-empty list of modules.");
    return { ok: false, catalogue: null, problems };
  }

  const modules: TeachingModule[] = [];
  const firstPathOfId = new Map<string, string>();
  // Ids of modules with other faults still count as known, so one fault is not reported again at every reference.
  const declaredIds = new Set<string>();
  for (const raw of json.modules) if (isJsonObject(raw) && typeof raw.id === "string") declaredIds.add(raw.id);
  json.modules.forEach((raw: unknown, index: number) => {
    const path = `modules[${index}]`;
    const module = readModule(raw, path, report);
    if (!module) return;
    const earlier = firstPathOfId.get(module.id);
    if (earlier !== undefined) {
      report("duplicate-id", `${path}.id`, module.id, `The id "${module.id}" is already used by ${earlier}.`);
      return;
    }
    firstPathOfId.set(module.id, path);
    modules.push(module);
  });

  for (const module of modules) {
    module.prerequisites.forEach((prerequisite, index) => {
      const where = `${firstPathOfId.get(module.id)}.prerequisites[${index}]`;
      if (prerequisite === module.id) {
        report("prerequisite-cycle", where, module.id, `"${module.id}" cannot be its own prerequisite.`);
      } else if (!declaredIds.has(prerequisite)) {
        report(
          "unknown-prerequisite",
          where,
          module.id,
          `"${module.id}" needs "${prerequisite}", which is not in the catalogue.`,
        );
      }
    });
  }
  for (const cycle of prerequisiteCycles(modules)) {
    report(
      "prerequisite-cycle",
      `${firstPathOfId.get(cycle[0])}.prerequisites`,
      cycle[0],
      `Prerequisites go round in a circle: ${[...cycle, cycle[0]].join(" → ")}. No module in it could ever be taken first.`,
    );
  }

  if (problems.length > 0) return { ok: false, catalogue: null, problems };
  return { ok: true, catalogue: { version, title: String(json.title), modules }, problems: [] };
}

function readModule(
  raw: unknown,
  path: string,
  report: (kind: CatalogueProblemKind, path: string, moduleId: string | null, message: string) => void,
): TeachingModule | null {
  if (!isJsonObject(raw)) {
    report("invalid-shape", path, null, "A module must be an object.");
    return null;
  }
  let faults = 0;
  const problem = (kind: CatalogueProblemKind, where: string, message: string) => {
    faults += 1;
    report(kind, `${path}.${where}`, typeof raw.id === "string" ? raw.id : null, message);
  };

  if (typeof raw.id !== "string" || !MODULE_ID_PATTERN.test(raw.id)) {
    problem("invalid-shape", "id", "The id must be lowercase words joined by hyphens, e.g. landing-zone-lab.");
  }
  if (!isNonEmptyString(raw.title)) problem("invalid-shape", "title", "A module needs a title.");
  if (!isNonEmptyString(raw.why)) problem("invalid-shape", "why", "A module needs a one-line why.");
  if (!isModuleFormat(raw.format)) problem("invalid-shape", "format", `The format must be one of ${MODULE_FORMATS.join(", ")}.`);
  if (typeof raw.durationHours !== "number" || !(raw.durationHours > 0 && raw.durationHours <= MAX_DURATION_HOURS)) {
    problem("invalid-shape", "durationHours", `The duration must be a number of hours above 0 and at most ${MAX_DURATION_HOURS}.`);
  }
  if (
    !isStringArray(raw.learningObjectives) ||
    raw.learningObjectives.length < 2 ||
    raw.learningObjectives.length > 4 ||
    !raw.learningObjectives.every(isNonEmptyString)
  ) {
    problem("invalid-shape", "learningObjectives", "A module needs two to four learning objectives.");
  }

  if (!Array.isArray(raw.audience) || raw.audience.length === 0) {
    problem("invalid-shape", "audience", `The audience must be a non-empty list of groups: ${RESPONDENT_GROUP_KEYS.join(", ")}.`);
  } else {
    raw.audience.forEach((group: unknown, index: number) => {
      if (!isRespondentGroup(group)) {
        problem("unknown-group", `audience[${index}]`, `"${String(group)}" is not a respondent group; use ${RESPONDENT_GROUP_KEYS.join(", ")}.`);
      }
    });
  }

  if (!isStringArray(raw.prerequisites)) {
    problem("invalid-shape", "prerequisites", "Prerequisites must be a list of module ids (empty when there are none).");
  }

  if (!Array.isArray(raw.addresses) || raw.addresses.length === 0) {
    problem("invalid-shape", "addresses", "A module must address at least one dimension.");
  } else {
    raw.addresses.forEach((fit: unknown, index: number) => {
      const where = `addresses[${index}]`;
      if (!isJsonObject(fit)) return problem("invalid-shape", where, "Each entry must be { dimension, maxLevel } or { dimension, minRiskBand }.");
      if (!isDimensionKey(fit.dimension)) {
        return problem("unknown-dimension", `${where}.dimension`, `"${String(fit.dimension)}" is not a dimension; use ${DIMENSIONS.map((d) => d.key).join(", ")}.`);
      }
      if (isMaturityDimensionKey(fit.dimension)) {
        if (!isMaturityLevelNumber(fit.maxLevel) || "minRiskBand" in fit) {
          problem("invalid-fit", where, `A maturity dimension takes "maxLevel" (a whole number 1–5) and nothing else.`);
        }
      } else if (!isRiskBandKey(fit.minRiskBand) || "maxLevel" in fit) {
        problem("invalid-fit", where, `The shadow-it dimension takes "minRiskBand" (${RISK_BAND_KEYS.join(", ")}) and nothing else.`);
      }
    });
  }
  if (faults > 0) return null;

  // Every field was checked above; these re-narrowings only restate it for the compiler.
  const addresses = (raw.addresses as Record<string, unknown>[]).map((fit): ModuleFit => {
    if (isMaturityDimensionKey(fit.dimension) && isMaturityLevelNumber(fit.maxLevel)) {
      return { dimension: fit.dimension, maxLevel: fit.maxLevel };
    }
    return { dimension: "shadow-it", minRiskBand: fit.minRiskBand as RiskBandKey };
  });
  return {
    id: raw.id as string,
    title: raw.title as string,
    audience: (raw.audience as unknown[]).filter(isRespondentGroup),
    format: raw.format as ModuleFormat,
    durationHours: raw.durationHours as number,
    learningObjectives: raw.learningObjectives as string[],
    prerequisites: raw.prerequisites as string[],
    addresses,
    why: raw.why as string,
  };
}

/** Each prerequisite cycle once, starting at its module earliest in the catalogue (Tarjan's strongly connected components). */
function prerequisiteCycles(modules: TeachingModule[]): string[][] {
  const order = new Map(modules.map((module, index) => [module.id, index]));
  const byId = new Map(modules.map((module) => [module.id, module]));
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;

  function visit(id: string): void {
    index.set(id, counter);
    lowLink.set(id, counter);
    counter += 1;
    stack.push(id);
    onStack.add(id);
    for (const next of byId.get(id)?.prerequisites ?? []) {
      if (!byId.has(next) || next === id) continue;
      if (!index.has(next)) {
        visit(next);
        lowLink.set(id, Math.min(lowLink.get(id)!, lowLink.get(next)!));
      } else if (onStack.has(next)) {
        lowLink.set(id, Math.min(lowLink.get(id)!, index.get(next)!));
      }
    }
    if (lowLink.get(id) !== index.get(id)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== id);
    if (component.length > 1) cycles.push(component.sort((a, b) => order.get(a)! - order.get(b)!));
  }

  for (const module of modules) if (!index.has(module.id)) visit(module.id);
  return cycles.sort((a, b) => order.get(a[0])! - order.get(b[0])!);
}

// ---------------------------------------------------------------------------------------------
// The readiness profile: an assessment's scores reduced to what plan rules read

/** One dimension as the plan rules see it. */
export interface DimensionReading {
  /** 0–100 unrounded; for shadow-IT 100 is the worst. Null when not measured. */
  score: number | null;
  /** Maturity dimensions only. */
  level: MaturityLevelNumber | null;
  /** The shadow-IT dimension only. */
  riskBand: RiskBandKey | null;
  lowConfidence: boolean;
}

export type DimensionReadings = Record<DimensionKey, DimensionReading>;

export interface ReadinessProfile {
  /** The assessment as a whole (each group weighing the same). */
  overall: DimensionReadings;
  /** Each group with respondents. A group missing here gave no answers, so there is no evidence about it. */
  byGroup: Partial<Record<RespondentGroup, DimensionReadings>>;
}

function readingOf(score: DimensionScore): DimensionReading {
  return {
    score: score.score,
    level: score.maturityLevel?.level ?? null,
    riskBand: score.riskBand?.key ?? null,
    lowConfidence: score.lowConfidence,
  };
}

function readingsOf(dimensions: Record<DimensionKey, DimensionScore>): DimensionReadings {
  const readings = {} as DimensionReadings;
  for (const { key } of DIMENSIONS) readings[key] = readingOf(dimensions[key]);
  return readings;
}

export function readinessProfileOf(scores: AssessmentScores): ReadinessProfile {
  const byGroup: Partial<Record<RespondentGroup, DimensionReadings>> = {};
  for (const group of scores.groups) byGroup[group.group] = readingsOf(group.dimensions);
  return { overall: readingsOf(scores.dimensions), byGroup };
}

/**
 * A reading in words, for the reasons plans and dispositions give:
 * "Skills & learning scored 31 (level 2, Developing)", "Shadow-IT risk scored 62 (High)",
 * "Outcome focus was not measured". Scores are rounded only here, for people.
 */
export function describeReading(dimension: DimensionKey, reading: DimensionReading): string {
  const { name } = getDimension(dimension);
  if (reading.score === null) return `${name} was not measured`;
  const caution = reading.lowConfidence ? "; thin evidence" : "";
  const score = Math.round(reading.score);
  if (reading.level !== null) {
    const level = MATURITY_LEVELS.find((candidate) => candidate.level === reading.level);
    return `${name} scored ${score} (level ${reading.level}, ${level?.name ?? ""}${caution})`;
  }
  const band = RISK_BANDS.find((candidate) => candidate.key === reading.riskBand);
  return `${name} scored ${score} (${band?.name ?? ""}${caution})`;
}

/** Whether one `addresses` entry fits a reading. A reading without a score fits nothing. */
export function fitsReading(fit: ModuleFit, reading: DimensionReading): boolean {
  if ("maxLevel" in fit) return reading.level !== null && reading.level <= fit.maxLevel;
  if (reading.riskBand === null) return false;
  return RISK_BAND_KEYS.indexOf(reading.riskBand) >= RISK_BAND_KEYS.indexOf(fit.minRiskBand);
}

// ---------------------------------------------------------------------------------------------
// Selection

export interface ModuleSelectionCriteria {
  /** Only modules fitting one of these dimensions are picked by fit. Default: every dimension. */
  dimensions?: readonly DimensionKey[];
  /** Only modules of these formats are picked by fit. Default: every format. */
  formats?: readonly ModuleFormat[];
  /** Module ids to include whether or not they fit (a stone's anchor modules). Unknown ids are ignored. */
  include?: readonly string[];
  /** Module ids already planned or delivered: never picked, and they satisfy prerequisites. */
  exclude?: readonly string[];
  /** Module ids not to pick by fit (they belong elsewhere), though still pulled in as a prerequisite. */
  deferred?: readonly string[];
}

export type SelectionReason =
  | { kind: "fits"; fits: ModuleFit[] }
  | { kind: "included" }
  | { kind: "prerequisite"; of: string[] };

export interface SelectedModule {
  module: TeachingModule;
  /**
   * The groups to teach: for a module picked by fit, the module's audience less the groups whose own
   * scores show they do not need it (a group with no score in the dimension is kept: no evidence
   * against). For an included module, its whole audience; for a prerequisite, the audience it shares
   * with the modules that need it (its whole audience if none).
   */
  audience: RespondentGroup[];
  reason: SelectionReason;
}

/** Audience groups that need a module picked by fit, by their own readings. */
function groupsNeeding(module: TeachingModule, fits: ModuleFit[], profile: ReadinessProfile): RespondentGroup[] {
  return module.audience.filter((group) => {
    const readings = profile.byGroup[group];
    if (!readings) return true;
    return fits.some((fit) => readings[fit.dimension].score === null || fitsReading(fit, readings[fit.dimension]));
  });
}

/**
 * The modules an organisation needs, prerequisites first (ties in catalogue order). A module is
 * picked when it fits the overall profile in one of `criteria.dimensions` (and has a format in
 * `criteria.formats`, and is not deferred) and at least one of its audience groups needs it, or
 * when it is in `criteria.include`. Prerequisites not excluded are pulled in. Pure and deterministic.
 */
export function selectModules(
  catalogue: TeachingCatalogue,
  profile: ReadinessProfile,
  criteria: ModuleSelectionCriteria = {},
): SelectedModule[] {
  const byId = new Map(catalogue.modules.map((module) => [module.id, module]));
  const excluded = new Set(criteria.exclude ?? []);
  const included = new Set(criteria.include ?? []);
  const deferred = new Set(criteria.deferred ?? []);
  const dimensions = criteria.dimensions ?? DIMENSIONS.map((d) => d.key);
  const formats = criteria.formats ?? MODULE_FORMATS;

  const picked = new Map<string, SelectedModule>();
  for (const module of catalogue.modules) {
    if (excluded.has(module.id)) continue;
    if (included.has(module.id)) {
      picked.set(module.id, { module, audience: [...module.audience], reason: { kind: "included" } });
      continue;
    }
    if (deferred.has(module.id) || !formats.includes(module.format)) continue;
    const fits = module.addresses.filter(
      (fit) => dimensions.includes(fit.dimension) && fitsReading(fit, profile.overall[fit.dimension]),
    );
    if (fits.length === 0) continue;
    const audience = groupsNeeding(module, fits, profile);
    if (audience.length === 0) continue;
    picked.set(module.id, { module, audience, reason: { kind: "fits", fits } });
  }

  // Pull in missing prerequisites, transitively; a prerequisite teaches the groups that need its dependants.
  const pending = [...picked.values()];
  while (pending.length > 0) {
    const dependant = pending.shift()!;
    for (const id of dependant.module.prerequisites) {
      const prerequisite = byId.get(id);
      if (!prerequisite || excluded.has(id)) continue;
      const existing = picked.get(id);
      if (existing) {
        if (existing.reason.kind === "prerequisite" && !existing.reason.of.includes(dependant.module.id)) {
          existing.reason.of.push(dependant.module.id);
          existing.audience = audienceFor(prerequisite, [...existing.audience, ...dependant.audience]);
        }
        continue;
      }
      const selected: SelectedModule = {
        module: prerequisite,
        audience: audienceFor(prerequisite, dependant.audience),
        reason: { kind: "prerequisite", of: [dependant.module.id] },
      };
      picked.set(id, selected);
      pending.push(selected);
    }
  }

  return prerequisitesFirst(catalogue, [...picked.values()]);
}

function audienceFor(module: TeachingModule, wanted: readonly RespondentGroup[]): RespondentGroup[] {
  const shared = module.audience.filter((group) => wanted.includes(group));
  return shared.length > 0 ? shared : [...module.audience];
}

/** Topological order over the picked modules, always taking the earliest-in-catalogue module that is ready. */
function prerequisitesFirst(catalogue: TeachingCatalogue, picked: SelectedModule[]): SelectedModule[] {
  const position = new Map(catalogue.modules.map((module, index) => [module.id, index]));
  const remaining = picked.sort((a, b) => position.get(a.module.id)! - position.get(b.module.id)!);
  const pickedIds = new Set(remaining.map((selected) => selected.module.id));
  const placed = new Set<string>();
  const ordered: SelectedModule[] = [];
  while (remaining.length > 0) {
    const readyAt = remaining.findIndex((selected) =>
      selected.module.prerequisites.every((id) => !pickedIds.has(id) || placed.has(id)),
    );
    // A validated catalogue has no cycles; should one slip through, keep catalogue order rather than loop.
    const [next] = remaining.splice(readyAt === -1 ? 0 : readyAt, 1);
    placed.add(next.module.id);
    ordered.push(next);
  }
  return ordered;
}

/** A module by id, or null. */
export function findModule(catalogue: TeachingCatalogue, id: string): TeachingModule | null {
  return catalogue.modules.find((module) => module.id === id) ?? null;
}
