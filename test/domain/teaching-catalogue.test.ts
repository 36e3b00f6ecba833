import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { DIMENSIONS, type DimensionKey, type RespondentGroup } from "~/domain/dimensions";
import { maturityLevelFor, riskBandFor } from "~/domain/scoring";
import {
  selectModules,
  validateTeachingCatalogue,
  type CatalogueProblemKind,
  type DimensionReading,
  type DimensionReadings,
  type ReadinessProfile,
  type TeachingCatalogue,
} from "~/domain/teaching-catalogue";
import {
  TeachingCatalogueNotFoundError,
  checkPublishedTeachingCatalogues,
  createTeachingCatalogueStore,
  getTeachingCatalogue,
  latestTeachingCatalogueVersion,
  sha256Of,
} from "~/domain/teaching-catalogue.server";

const catalogueDir = fileURLToPath(new URL("../../questionnaires/teaching-catalogue", import.meta.url));
const bundledFile = join(catalogueDir, "1", "catalogue.json");

/** A reading as scoring would produce it for this score (null: not measured). */
function reading(dimension: DimensionKey, score: number | null): DimensionReading {
  const risk = dimension === "shadow-it";
  return {
    score,
    level: score === null || risk ? null : maturityLevelFor(score).level,
    riskBand: score === null || !risk ? null : riskBandFor(score).key,
    lowConfidence: score === null,
  };
}

/** Every dimension at `score` (default 70: level 4, or high shadow-IT risk), with the given exceptions. */
function readings(exceptions: Partial<Record<DimensionKey, number | null>> = {}, score = 70): DimensionReadings {
  const result = {} as DimensionReadings;
  for (const { key } of DIMENSIONS) result[key] = reading(key, key in exceptions ? (exceptions[key] ?? null) : score);
  return result;
}

function profile(
  overall: Partial<Record<DimensionKey, number | null>>,
  byGroup: Partial<Record<RespondentGroup, Partial<Record<DimensionKey, number | null>>>> = {},
): ReadinessProfile {
  const groups: ReadinessProfile["byGroup"] = {};
  for (const [group, scores] of Object.entries(byGroup) as [RespondentGroup, Partial<Record<DimensionKey, number | null>>][]) {
    groups[group] = readings(scores);
  }
  // Shadow-IT defaults to low risk (10) so that only the exceptions fire.
  return { overall: readings({ "shadow-it": 10, ...overall }), byGroup: groups };
}

function module(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    title: `Module ${id}`,
    audience: ["it"],
    format: "workshop",
    durationHours: 2,
    learningObjectives: ["First objective.", "Second objective."],
    prerequisites: [],
    addresses: [{ dimension: "skills", maxLevel: 2 }],
    why: "Because.",
    ...overrides,
  };
}

describe("the bundled teaching catalogue", () => {
  const json: unknown = JSON.parse(readFileSync(bundledFile, "utf8"));

  it("validates with zero problems", () => {
    const result = validateTeachingCatalogue(json);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("matches the sha256 recorded in its own published.json", () => {
    const published = JSON.parse(readFileSync(join(catalogueDir, "published.json"), "utf8")) as Record<string, { sha256: string; title: string }>;
    expect(published["1"].sha256).toBe(sha256Of(readFileSync(bundledFile)));
    expect(published["1"].title).toBe("Cairn teaching catalogue");
    expect(checkPublishedTeachingCatalogues(catalogueDir)).toEqual([]);
  });

  it("has 20 to 30 modules, each with two to four objectives", () => {
    const catalogue = getTeachingCatalogue(1);
    expect(catalogue.modules.length).toBeGreaterThanOrEqual(20);
    expect(catalogue.modules.length).toBeLessThanOrEqual(30);
    for (const teachingModule of catalogue.modules) {
      expect(teachingModule.learningObjectives.length).toBeGreaterThanOrEqual(2);
      expect(teachingModule.learningObjectives.length).toBeLessThanOrEqual(4);
    }
  });

  it("covers every topic the plan rules draw on", () => {
    const ids = getTeachingCatalogue(1).modules.map((m) => m.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        "incident-and-problem-management",
        "service-desk-the-business-trusts",
        "desktop-estate-renewal",
        "day-in-the-life-of-the-business",
        "joint-it-business-roadmap",
        "cloud-fundamentals-for-the-business",
        "cloud-and-hybrid-for-executives",
        "landing-zone-lab",
        "hybrid-identity-lab",
        "hybrid-connectivity-lab",
        "infrastructure-as-code-lab",
        "managed-databases-lab",
        "observability-lab",
        "finops-cost-ownership",
        "governance-and-security-controls",
        "shadow-it-discovery",
        "shadow-it-amnesty",
        "saas-governance",
        "outcome-kpis-workshop",
        "standard-over-bespoke",
        "change-leadership-for-executives",
        "migration-wave-planning",
      ]),
    );
  });

  it("addresses every dimension with at least one module, and has hands-on labs only for IT and engineering", () => {
    const catalogue = getTeachingCatalogue(1);
    for (const { key } of DIMENSIONS) {
      expect(catalogue.modules.some((m) => m.addresses.some((fit) => fit.dimension === key)), key).toBe(true);
    }
    for (const lab of catalogue.modules.filter((m) => m.format === "hands-on-lab")) {
      expect(lab.audience.every((group) => group === "it" || group === "engineering"), lab.id).toBe(true);
    }
  });

  it("is written in British English", () => {
    const text = readFileSync(bundledFile, "utf8");
    expect(text).not.toMatch(/\b(organization|prioritize|optimize|center|program\b|behavior|catalog\b|analyze|modernize)/i);
  });
});

describe("loading a catalogue from disk", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("loads version 1 once and keeps it", () => {
    const store = createTeachingCatalogueStore(catalogueDir);
    const first = store.getTeachingCatalogue(1);
    expect(first.version).toBe(1);
    expect(store.getTeachingCatalogue(1)).toBe(first);
    expect(store.listTeachingCatalogues()).toEqual([{ version: 1, title: "Cairn teaching catalogue" }]);
    expect(latestTeachingCatalogueVersion()).toBe(1);
  });

  it("refuses unknown and unsafe versions with a not-found error", () => {
    const store = createTeachingCatalogueStore(catalogueDir);
    for (const version of [0, -1, 1.5, 99, Number.NaN]) {
      expect(() => store.getTeachingCatalogue(version)).toThrow(TeachingCatalogueNotFoundError);
    }
  });

  it("refuses an invalid bundled catalogue, naming the problem", () => {
    dir = mkdtempSync(join(tmpdir(), "cairn-catalogue-"));
    mkdirSync(join(dir, "1"));
    writeFileSync(join(dir, "1", "catalogue.json"), JSON.stringify({ title: "Broken", modules: [module("a", { prerequisites: ["b"] })] }));
    expect(() => createTeachingCatalogueStore(dir!).getTeachingCatalogue(1)).toThrow(/modules\[0\]\.prerequisites\[0\]/);
  });

  it("the published check notices an edited, an unrecorded and a missing version", () => {
    dir = mkdtempSync(join(tmpdir(), "cairn-catalogue-"));
    mkdirSync(join(dir, "1"));
    mkdirSync(join(dir, "2"));
    writeFileSync(join(dir, "1", "catalogue.json"), "edited");
    writeFileSync(join(dir, "2", "catalogue.json"), "new");
    writeFileSync(
      join(dir, "published.json"),
      JSON.stringify({ "1": { title: "t", sha256: sha256Of("original") }, "3": { title: "t", sha256: sha256Of("gone") } }),
    );
    const findings = checkPublishedTeachingCatalogues(dir).map((finding) => finding.file + ": " + finding.message);
    expect(findings).toHaveLength(3);
    expect(findings[0]).toMatch(/^1\/catalogue\.json: A published version was edited/);
    expect(findings[1]).toMatch(/^2\/catalogue\.json: Not recorded/);
    expect(findings[2]).toMatch(/^published\.json: Version 3 is recorded but has no catalogue\.json/);
  });
});

describe("validating a catalogue", () => {
  const kindsOf = (json: unknown): CatalogueProblemKind[] => validateTeachingCatalogue(json).problems.map((p) => p.kind);

  it("accepts a minimal good catalogue and keeps its order", () => {
    const result = validateTeachingCatalogue({ title: "T", modules: [module("a"), module("b", { prerequisites: ["a"] })] }, 7);
    expect(result.ok).toBe(true);
    expect(result.catalogue?.version).toBe(7);
    expect(result.catalogue?.modules.map((m) => m.id)).toEqual(["a", "b"]);
  });

  it("catches a duplicate id", () => {
    const result = validateTeachingCatalogue({ title: "T", modules: [module("a"), module("a")] });
    expect(result.problems).toEqual([
      { kind: "duplicate-id", path: "modules[1].id", moduleId: "a", message: 'The id "a" is already used by modules[0].' },
    ]);
  });

  it("catches an unknown prerequisite, at its place", () => {
    const result = validateTeachingCatalogue({ title: "T", modules: [module("a"), module("b", { prerequisites: ["a", "zz"] })] });
    expect(result.problems.map((p) => [p.kind, p.path])).toEqual([["unknown-prerequisite", "modules[1].prerequisites[1]"]]);
  });

  it("catches a cycle in prerequisites, naming its modules once", () => {
    // a → b → c → a is one cycle; d needs a but is not in it.
    const result = validateTeachingCatalogue({
      title: "T",
      modules: [
        module("a", { prerequisites: ["c"] }),
        module("b", { prerequisites: ["a"] }),
        module("c", { prerequisites: ["b"] }),
        module("d", { prerequisites: ["a"] }),
      ],
    });
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].kind).toBe("prerequisite-cycle");
    expect(result.problems[0].message).toContain("a → b → c → a");
  });

  it("catches a module that is its own prerequisite", () => {
    expect(kindsOf({ title: "T", modules: [module("a", { prerequisites: ["a"] })] })).toEqual(["prerequisite-cycle"]);
  });

  it("catches an unknown dimension and an unknown group", () => {
    const result = validateTeachingCatalogue({
      title: "T",
      modules: [module("a", { audience: ["it", "marketing"], addresses: [{ dimension: "happiness", maxLevel: 2 }] })],
    });
    expect(result.problems.map((p) => [p.kind, p.path])).toEqual([
      ["unknown-group", "modules[0].audience[1]"],
      ["unknown-dimension", "modules[0].addresses[0].dimension"],
    ]);
  });

  it("catches a fit that does not suit its dimension", () => {
    expect(
      kindsOf({
        title: "T",
        modules: [
          module("a", { addresses: [{ dimension: "shadow-it", maxLevel: 2 }] }),
          module("b", { addresses: [{ dimension: "skills", minRiskBand: "high" }] }),
          module("c", { addresses: [{ dimension: "skills", maxLevel: 6 }] }),
          module("d", { addresses: [{ dimension: "shadow-it", minRiskBand: "severe" }] }),
        ],
      }),
    ).toEqual(["invalid-fit", "invalid-fit", "invalid-fit", "invalid-fit"]);
  });

  it("catches wrong shapes: bad id, format, duration, objectives, empty addresses", () => {
    const result = validateTeachingCatalogue({
      title: "",
      modules: [
        module("Bad Id"),
        module("b", { format: "webinar", durationHours: 0, learningObjectives: ["Only one."], addresses: [] }),
      ],
    });
    expect(result.problems.map((p) => p.path)).toEqual([
      "title",
      "modules[0].id",
      "modules[1].format",
      "modules[1].durationHours",
      "modules[1].learningObjectives",
      "modules[1].addresses",
    ]);
    expect(result.problems.every((p) => p.kind === "invalid-shape")).toBe(true);
  });

  it("does not report references to a module whose only fault is elsewhere", () => {
    // "a" has a bad format; "b" needing "a" is not a second problem.
    expect(kindsOf({ title: "T", modules: [module("a", { format: "webinar" }), module("b", { prerequisites: ["a"] })] })).toEqual([
      "invalid-shape",
    ]);
  });

  it("rejects something that is not a catalogue at all", () => {
    expect(kindsOf(null)).toEqual(["invalid-shape"]);
    expect(kindsOf({ title: "T", modules: [] })).toEqual(["invalid-shape"]);
  });
});

describe("selecting modules", () => {
  const fixture = validateTeachingCatalogue({
    title: "Fixture",
    modules: [
      module("foundations", { audience: ["it", "engineering"], addresses: [{ dimension: "skills", maxLevel: 3 }] }),
      module("lab", { audience: ["it", "engineering"], format: "hands-on-lab", prerequisites: ["foundations"], addresses: [{ dimension: "skills", maxLevel: 2 }] }),
      module("briefing", { audience: ["business", "executive"], format: "briefing", addresses: [{ dimension: "skills", maxLevel: 2 }] }),
      module("desk", { addresses: [{ dimension: "operations", maxLevel: 2 }] }),
      module("discovery", { audience: ["it", "business"], addresses: [{ dimension: "shadow-it", minRiskBand: "moderate" }] }),
      module("amnesty", { audience: ["it", "business", "executive"], prerequisites: ["discovery"], addresses: [{ dimension: "shadow-it", minRiskBand: "high" }] }),
    ],
  }).catalogue as TeachingCatalogue;
  const ids = (selected: ReturnType<typeof selectModules>) => selected.map((s) => s.module.id);

  it("picks modules at or below their maximum level, and none for a healthy organisation", () => {
    // Skills 45 is level 3: only "foundations" (max 3) fits; the lab and briefing (max 2) do not.
    expect(ids(selectModules(fixture, profile({ skills: 45 })))).toEqual(["foundations"]);
    expect(ids(selectModules(fixture, profile({})))).toEqual([]);
  });

  it("picks shadow-IT modules at or above their minimum risk band", () => {
    // 30 is moderate: discovery only. 60 is high: both, discovery first as amnesty's prerequisite.
    expect(ids(selectModules(fixture, profile({ "shadow-it": 30 })))).toEqual(["discovery"]);
    expect(ids(selectModules(fixture, profile({ "shadow-it": 60 })))).toEqual(["discovery", "amnesty"]);
  });

  it("picks nothing for a dimension that was not measured", () => {
    expect(ids(selectModules(fixture, profile({ skills: null, operations: null, "shadow-it": null })))).toEqual([]);
  });

  it("limits fits to the requested dimensions and formats", () => {
    const low = profile({ skills: 10, operations: 10 });
    expect(ids(selectModules(fixture, low, { dimensions: ["operations"] }))).toEqual(["desk"]);
    expect(ids(selectModules(fixture, low, { dimensions: ["skills"], formats: ["briefing"] }))).toEqual(["briefing"]);
  });

  it("pulls in a missing prerequisite before its dependant, saying why", () => {
    // Only labs are wanted, but the lab needs foundations first.
    const selected = selectModules(fixture, profile({ skills: 10 }), { formats: ["hands-on-lab"] });
    expect(ids(selected)).toEqual(["foundations", "lab"]);
    expect(selected[0].reason).toEqual({ kind: "prerequisite", of: ["lab"] });
  });

  it("an excluded (already delivered) module is not picked and satisfies prerequisites", () => {
    expect(ids(selectModules(fixture, profile({ skills: 10 }), { exclude: ["foundations"], dimensions: ["skills"] }))).toEqual([
      "lab",
      "briefing",
    ]);
  });

  it("a deferred module is not picked by fit, but still comes in as a prerequisite", () => {
    const low = profile({ skills: 10 });
    expect(ids(selectModules(fixture, low, { deferred: ["foundations", "briefing"] }))).toEqual(["foundations", "lab"]);
    expect(selectModules(fixture, low, { deferred: ["foundations"] })[0].reason).toEqual({ kind: "prerequisite", of: ["lab"] });
    expect(ids(selectModules(fixture, low, { deferred: ["foundations", "lab"] }))).toEqual(["briefing"]);
  });

  it("includes anchor modules whatever the scores, with their whole audience", () => {
    const selected = selectModules(fixture, profile({}), { include: ["amnesty", "not-a-module"] });
    expect(ids(selected)).toEqual(["discovery", "amnesty"]);
    expect(selected[1].audience).toEqual(["it", "business", "executive"]);
  });

  it("teaches only the groups whose own scores need a module", () => {
    // Overall skills 30 (level 2). IT scores 70 (level 4) and does not need the lab; engineering at 25 does;
    // business gave no skills answers (null), so there is no evidence it does not need the briefing.
    const selected = selectModules(
      fixture,
      profile({ skills: 30 }, { it: { skills: 70 }, engineering: { skills: 25 }, business: { skills: null } }),
      { dimensions: ["skills"] },
    );
    const audiences = Object.fromEntries(selected.map((s) => [s.module.id, s.audience]));
    expect(audiences).toEqual({
      foundations: ["engineering"],
      lab: ["engineering"],
      briefing: ["business", "executive"],
    });
  });

  it("leaves out a module none of whose groups need it", () => {
    // Overall operations 30, but IT (the desk's only audience) scores 70 on its own.
    expect(ids(selectModules(fixture, profile({ operations: 30 }, { it: { operations: 70 } }), { dimensions: ["operations"] }))).toEqual([]);
  });
});
