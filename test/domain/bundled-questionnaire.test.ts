import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { checkQuestionnaires, sha256Of } from "../../questionnaires/check";
import { DIMENSION_KEYS, RESPONDENT_GROUP_KEYS } from "~/domain/dimensions";
import {
  QuestionnaireNotFoundError,
  createQuestionnaireCatalogue,
  getQuestionnaire,
  listQuestionnaires,
} from "~/domain/questionnaire-catalogue.server";
import type { ScoringModel } from "~/domain/questionnaire-model";
import { validateQuestionnaire } from "~/domain/questionnaire-validation";
import { scoreRespondent } from "~/domain/scoring";

const questionnairesDir = fileURLToPath(new URL("../../questionnaires", import.meta.url));
const bundledFile = join(questionnairesDir, "hybrid-cloud-readiness", "1", "survey.json");
const KEY = "hybrid-cloud-readiness";

/**
 * Answers every scored item at one extreme: the highest-scoring choice (for a checkbox, every
 * positively scored choice) or the lowest (every negatively scored choice, else the lowest one).
 */
function answerEveryItem(model: ScoringModel, extreme: "highest" | "lowest"): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const item of model.items) {
    const scored = item.options.filter((option) => option.score !== null);
    const byScore = [...scored].sort((a, b) => (a.score ?? 0) - (b.score ?? 0));
    const pick = extreme === "highest" ? byScore[byScore.length - 1] : byScore[0];
    let answer: unknown = pick.value;
    if (item.kind === "multi") {
      const chosen = scored.filter((option) => (extreme === "highest" ? (option.score ?? 0) > 0 : (option.score ?? 0) < 0));
      answer = chosen.length > 0 ? chosen.map((option) => option.value) : [pick.value];
    }
    if (item.rowValue === null) {
      answers[item.questionName] = answer;
    } else {
      const rows = (answers[item.questionName] ?? {}) as Record<string, unknown>;
      answers[item.questionName] = { ...rows, [String(item.rowValue)]: answer };
    }
  }
  return answers;
}

describe("the bundled hybrid-cloud readiness questionnaire", () => {
  const json: unknown = JSON.parse(readFileSync(bundledFile, "utf8"));

  it("validates with zero problems", () => {
    const result = validateQuestionnaire(json);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.summary.scoredQuestionCount).toBeGreaterThan(0);
  });

  it("passes npm run questionnaires:check", () => {
    const check = checkQuestionnaires(questionnairesDir);
    expect(check.problems).toEqual([]);
    expect(check.questionnaires.map((q) => [q.key, q.version])).toContainEqual([KEY, "1"]);
  });

  it("loads from the catalogue by key and version, compiled once", () => {
    const questionnaire = getQuestionnaire(KEY, 1);
    expect(questionnaire.title.length).toBeGreaterThan(0);
    expect(questionnaire.scoringModel.items.length).toBeGreaterThan(0);
    expect(getQuestionnaire(KEY, 1)).toBe(questionnaire);
    expect(listQuestionnaires()).toContainEqual({ key: KEY, version: 1, title: questionnaire.title });
  });

  describe.each(RESPONDENT_GROUP_KEYS.flatMap((group) => [1, 2].map((version) => [group, version] as const)))("answered in full by a respondent in the %s group (version %i)", (group, version) => {
    const model = getQuestionnaire(KEY, version).scoringModel;
    const highest = scoreRespondent(model, { group, answers: answerEveryItem(model, "highest") });
    const lowest = scoreRespondent(model, { group, answers: answerEveryItem(model, "lowest") });

    it("is asked at least one scored question", () => {
      expect(DIMENSION_KEYS.some((dimension) => highest.dimensions[dimension].score !== null)).toBe(true);
    });

    it.each(DIMENSION_KEYS)("scores %s within 0–100, full coverage, the highest answers at 100", (dimension) => {
      const high = highest.dimensions[dimension];
      const low = lowest.dimensions[dimension];
      if (high.shownWeight === 0) {
        expect(high.score).toBeNull();
        return;
      }
      expect(high.score).toBe(100);
      expect(high.coverage).toBe(1);
      expect(low.score).not.toBeNull();
      expect(low.score!).toBeGreaterThanOrEqual(0);
      expect(low.score!).toBeLessThanOrEqual(100);
      expect(low.coverage).toBe(1);
    });

    it("has an overall readiness within 0–100", () => {
      for (const readiness of [highest.readiness, lowest.readiness]) {
        expect(readiness).not.toBeNull();
        expect(readiness!).toBeGreaterThanOrEqual(0);
        expect(readiness!).toBeLessThanOrEqual(100);
      }
    });
  });
});

describe("the questionnaire catalogue", () => {
  const catalogue = createQuestionnaireCatalogue(questionnairesDir);

  it("refuses an unknown key or version with a clear error", () => {
    expect(() => catalogue.getQuestionnaire("no-such-questionnaire", 1)).toThrow(QuestionnaireNotFoundError);
    expect(() => catalogue.getQuestionnaire(KEY, 999)).toThrow('There is no bundled questionnaire "hybrid-cloud-readiness" version 999.');
  });

  it("never reads outside the questionnaires folder", () => {
    expect(() => catalogue.getQuestionnaire("../questionnaires/hybrid-cloud-readiness", 1)).toThrow(QuestionnaireNotFoundError);
  });
});

describe("questionnaires:check", () => {
  const valid = JSON.stringify({
    title: "Tiny",
    elements: [{ type: "boolean", name: "q", dimension: "culture", scoreTrue: 1, scoreFalse: 0 }],
  });
  const publishedAs = (hash: string) => JSON.stringify({ tiny: { "1": { title: "Tiny", sha256: hash } } });
  let root: string;

  function layOut(files: Record<string, string>) {
    root = mkdtempSync(join(tmpdir(), "cairn-check-"));
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(root, path, ".."), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    return root;
  }

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("passes a published version whose file is unchanged", () => {
    const check = checkQuestionnaires(
      layOut({ "tiny/1/survey.json": valid, "published.json": publishedAs(sha256Of(valid)) }),
    );
    expect(check.problems).toEqual([]);
    expect(check.warnings).toEqual([]);
    expect(check.questionnaires).toMatchObject([{ key: "tiny", version: "1", published: true, summary: { questionCount: 1 } }]);
  });

  it("fails a published version that was edited", () => {
    const check = checkQuestionnaires(
      layOut({
        "tiny/1/survey.json": valid.replace("Tiny", "Tiny, edited"),
        "published.json": publishedAs(sha256Of(valid)),
      }),
    );
    expect(check.problems).toHaveLength(1);
    expect(check.problems[0]).toMatchObject({ file: join("tiny", "1", "survey.json") });
    expect(check.problems[0].message).toContain("edited");
  });

  it("only warns about an unpublished version (and accepts a bare hash in published.json)", () => {
    const check = checkQuestionnaires(
      layOut({
        "tiny/1/survey.json": valid,
        "tiny/2/survey.json": valid,
        "published.json": JSON.stringify({ tiny: { "1": sha256Of(valid) } }),
      }),
    );
    expect(check.problems).toEqual([]);
    expect(check.warnings).toMatchObject([{ file: join("tiny", "2", "survey.json") }]);
  });

  it("fails a published version whose file is gone", () => {
    const check = checkQuestionnaires(layOut({ "published.json": publishedAs(sha256Of(valid)) }));
    expect(check.problems).toMatchObject([{ file: "published.json", path: "tiny.1" }]);
  });

  it("reports validation problems with the file and the place in the JSON", () => {
    const invalid = JSON.stringify({ elements: [{ type: "boolean", name: "q", dimension: "culture", scoreTrue: 1 }] });
    const check = checkQuestionnaires(layOut({ "tiny/1/survey.json": invalid }));
    expect(check.problems).toMatchObject([{ file: join("tiny", "1", "survey.json"), path: "elements[0]", questionName: "q" }]);
  });

  it("fails a published.json entry without a proper hash", () => {
    const check = checkQuestionnaires(layOut({ "tiny/1/survey.json": valid, "published.json": publishedAs("not-a-hash") }));
    expect(check.problems).toMatchObject([{ file: "published.json", path: "tiny.1" }]);
  });

  it("fails a file that is not JSON", () => {
    const check = checkQuestionnaires(layOut({ "tiny/1/survey.json": "{ not json" }));
    expect(check.problems).toHaveLength(1);
    expect(check.problems[0].message).toContain("Not valid JSON");
  });
});
