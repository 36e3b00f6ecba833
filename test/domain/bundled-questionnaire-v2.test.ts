import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  Model,
  QuestionBooleanModel,
  QuestionCheckboxModel,
  QuestionMatrixModel,
  QuestionRatingModel,
  QuestionSelectBase,
  Serializer,
  surveyLocalization,
  type ItemValue,
} from "survey-core";
import "survey-core/i18n/german";
import { afterEach, describe, expect, it } from "vitest";
import { sha256Of } from "../../questionnaires/check";
import { RESPONDENT_GROUP_KEYS, type RespondentGroup } from "~/domain/dimensions";
import { compileAnswerValidator } from "~/domain/answer-validation";
import { collectFreeTextQuestions } from "~/domain/assessment-results";
import { getQuestionnaire, listQuestionnaires } from "~/domain/questionnaire-catalogue.server";
import { compileScoringModel, isPerspective, MULTI_CHOICE_TYPES } from "~/domain/questionnaire-model";
import { scoreRespondent } from "~/domain/scoring";

const questionnairesDir = fileURLToPath(new URL("../../questionnaires", import.meta.url));
const KEY = "hybrid-cloud-readiness";
const v1File = join(questionnairesDir, KEY, "1", "survey.json");
const v2File = join(questionnairesDir, KEY, "2", "survey.json");
const changesFile = join(questionnairesDir, KEY, "2", "CHANGES.md");

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);
const v2Json = (): JsonObject => JSON.parse(readFileSync(v2File, "utf8")) as JsonObject;

/** Every question, panel and page element of the JSON, in order. */
function jsonElements(survey: JsonObject): JsonObject[] {
  const found: JsonObject[] = [];
  const visit = (elements: unknown) => {
    if (!Array.isArray(elements)) return;
    for (const element of elements) {
      if (!isObject(element)) continue;
      found.push(element);
      visit(element.elements);
    }
  };
  for (const page of (survey.pages as JsonObject[] | undefined) ?? []) visit(page.elements);
  return found;
}
const scoredElements = (survey: JsonObject) => jsonElements(survey).filter((element) => "dimension" in element);

/*
 * What survey-core itself treats as translatable text: every property it registers as localisable,
 * on any class. Links and lists (an image's address, a logo, a text input's suggestions) are
 * localisable too but are not words, so they are left out.
 */
const NOT_WORDS = new Set(["imageLink", "logo", "url", "dataList"]);
const LOCALISABLE_KEYS = new Set(
  Object.keys((Serializer as unknown as { classes: Record<string, unknown> }).classes).flatMap((className) =>
    Serializer.getProperties(className)
      .filter((property) => property.isLocalizable && !NOT_WORDS.has(property.name))
      .map((property) => property.name),
  ),
);

/** `path: problem` for every respondent-visible string that is not given in both languages. */
function untranslatedStrings(node: unknown, path = "$"): string[] {
  if (Array.isArray(node)) return node.flatMap((child, i) => untranslatedStrings(child, `${path}[${i}]`));
  if (!isObject(node)) return [];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    const at = `${path}.${key}`;
    if (LOCALISABLE_KEYS.has(key) && typeof value === "string") {
      problems.push(`${at}: English only ("${value}")`);
    } else if (LOCALISABLE_KEYS.has(key) && isObject(value)) {
      const english = value.default;
      const german = value.de;
      if (typeof english !== "string" || english.trim() === "") problems.push(`${at}: no default (British English) text`);
      if (typeof german !== "string" || german.trim() === "") problems.push(`${at}: no German text`);
      const others = Object.keys(value).filter((locale) => locale !== "default" && locale !== "de");
      if (others.length > 0) problems.push(`${at}: unexpected locales ${others.join(", ")}`);
    } else {
      problems.push(...untranslatedStrings(value, at));
    }
  }
  return problems;
}

/**
 * What a respondent stores by choosing the same places on the page (the n-th choice, column or
 * rating of each scored question; two ticks on a checkbox) with the page in the given locale.
 */
function answeredByPosition(locale: string, group: RespondentGroup): Record<string, unknown> {
  const survey = new Model(v2Json());
  survey.locale = locale;
  survey.setVariable("group", group);
  let n = 0;
  for (const question of survey.getAllQuestions()) {
    if (!question.getPropertyValue("dimension")) continue;
    n += 1;
    if (question instanceof QuestionMatrixModel) {
      const columns = question.visibleColumns;
      question.value = Object.fromEntries((question.rows as ItemValue[]).map((row, i) => [row.value, columns[(n + i) % columns.length].value]));
    } else if (question instanceof QuestionCheckboxModel) {
      const items = question.visibleChoices;
      question.clickItemHandler(items[n % items.length], true);
      question.clickItemHandler(items[(n + 1) % items.length], true);
    } else if (question instanceof QuestionSelectBase) {
      question.value = question.visibleChoices[n % question.visibleChoices.length].value;
    } else if (question instanceof QuestionRatingModel) {
      question.value = question.visibleRateValues[n % question.visibleRateValues.length].value;
    } else if (question instanceof QuestionBooleanModel) {
      question.value = n % 2 === 0;
    }
  }
  const data = JSON.parse(JSON.stringify(survey.data)) as Record<string, unknown>;
  survey.dispose();
  return data;
}

describe("bundled questionnaire version 1", () => {
  it("is byte-identical to the published file (hash pinned here, not only in published.json)", () => {
    // Pinned independently of published.json, so editing v1 and its lock together still fails.
    expect(sha256Of(readFileSync(v1File))).toBe("2beb931071b72fed29db7706bbaade70b70469844db333df104bf76083839688");
  });
});

describe("bundled questionnaire version 2", () => {
  it("is in the catalogue, after version 1", () => {
    const questionnaire = getQuestionnaire(KEY, 2);
    expect(questionnaire.title).toBe("Hybrid-cloud readiness assessment");
    expect(questionnaire.scoringModel.items.length).toBeGreaterThan(0);
    const versions = listQuestionnaires().filter((q) => q.key === KEY).map((q) => q.version);
    expect(versions).toEqual([1, 2]);
  });

  describe("two languages", () => {
    it("knows which properties survey-core translates (so the walk below has something to check)", () => {
      for (const key of ["title", "description", "text", "minRateDescription", "labelTrue", "otherText", "noneText", "dontKnowText", "placeholder", "html", "completedHtml"]) {
        expect(LOCALISABLE_KEYS.has(key), key).toBe(true);
      }
    });

    it("gives every string a respondent can see in British English and German", () => {
      expect(untranslatedStrings(v2Json())).toEqual([]);
    });

    it("catches an English-only string, a missing German one and an empty one", () => {
      const broken = {
        title: "English only",
        pages: [{ name: "p", elements: [{ type: "radiogroup", name: "q", title: { default: "Q" }, choices: [{ value: "a", text: { default: "A", de: " " } }] }] }],
      };
      expect(untranslatedStrings(broken)).toEqual([
        '$.title: English only ("English only")',
        "$.pages[0].elements[0].title: no German text",
        "$.pages[0].elements[0].choices[0].text: no German text",
      ]);
    });

    it("shows German titles, choices, columns and survey-core's own don't-know text when the locale is de", () => {
      const survey = new Model(v2Json());
      survey.locale = "de";
      expect(survey.title).toBe("Standortbestimmung Hybrid Cloud");
      for (const question of survey.getAllQuestions()) {
        const german = question.locTitle.getLocaleText("de");
        expect(german, question.name).toBeTruthy();
        expect(question.title, question.name).toBe(german);
      }
      const change = survey.getQuestionByName("culture_change_response") as QuestionSelectBase;
      expect(change.choices[0].text).toBe("Sie stößt auf Widerstand und verläuft oft stillschweigend im Sande");
      // The built-in item is not overridden by the questionnaire: survey-core's German text is shown,
      // and the matrices' own don't-know columns use the same words.
      expect(change.dontKnowItem.text).toBe("Weiß ich nicht");
      const attitudes = survey.getQuestionByName("culture_attitudes") as unknown as { columns: ItemValue[] };
      expect(attitudes.columns.find((column) => column.value === "dontknow")?.text).toBe("Weiß ich nicht");

      survey.locale = "";
      expect(survey.title).toBe("Hybrid-cloud readiness assessment");
      expect(change.dontKnowItem.text).toBe("Don't know");
      survey.dispose();
    });

    it("lists free-text questions by their British English titles, not their names", () => {
      const freeText = collectFreeTextQuestions(v2Json());
      expect(freeText.length).toBeGreaterThan(0);
      expect(freeText.find((q) => q.name === "reflections_biggest_obstacle")?.title).toBe("What do you see as the biggest obstacle, technical or not?");
      for (const question of freeText) expect(question.title).not.toBe(question.name);
    });
  });

  describe("scores read answer values, not texts", () => {
    afterEach(() => {
      surveyLocalization.currentLocale = "";
    });

    it("compiles the same scoring model when survey-core runs in German, apart from the labels", () => {
      const english = compileScoringModel(v2Json());
      surveyLocalization.currentLocale = "de";
      const german = compileScoringModel(v2Json());
      surveyLocalization.currentLocale = "";

      // The locale really changed what survey-core returned...
      expect(german.items[0].title).not.toBe(english.items[0].title);
      expect(german.items[0].options[0].label).not.toBe(english.items[0].options[0].label);
      // ...and nothing that scoring reads did.
      const scoringShape = (model: typeof english) =>
        model.items.map(({ title: _title, rowLabel: _rowLabel, options, ...rest }) => ({
          ...rest,
          options: options.map(({ label: _label, ...option }) => option),
        }));
      expect(scoringShape(german)).toEqual(scoringShape(english));
    });

    it.each(RESPONDENT_GROUP_KEYS)("gives a %s respondent the same points whether they answered in German or English", (group) => {
      const english = compileScoringModel(v2Json());
      surveyLocalization.currentLocale = "de";
      const german = compileScoringModel(v2Json());
      surveyLocalization.currentLocale = "";

      const inGerman = answeredByPosition("de", group);
      const inEnglish = answeredByPosition("", group);
      expect(Object.keys(inGerman).length).toBeGreaterThan(50);
      expect(inGerman).toEqual(inEnglish);

      const scoredInGerman = scoreRespondent(german, { group, answers: inGerman });
      const scoredInEnglish = scoreRespondent(english, { group, answers: inEnglish });
      expect(scoredInEnglish.readiness).not.toBeNull();
      expect(scoredInGerman.readiness).toBe(scoredInEnglish.readiness);
      expect(scoredInGerman.dimensions).toEqual(
        expect.objectContaining(
          Object.fromEntries(
            Object.entries(scoredInEnglish.dimensions).map(([dimension, score]) => [
              dimension,
              expect.objectContaining({ score: score.score, coverage: score.coverage }),
            ]),
          ),
        ),
      );
    });

    it("stores nothing from the German page that the server's answer check refuses", () => {
      const validator = compileAnswerValidator(v2Json());
      for (const group of RESPONDENT_GROUP_KEYS) {
        const refused = Object.entries(answeredByPosition("de", group))
          .map(([name, value]) => ({ name, check: validator.check(name, value) }))
          .filter(({ check }) => !check.ok);
        expect(refused, group).toEqual([]);
      }
    });
  });

  describe("perspective", () => {
    it("is given explicitly, and validly, on every scored question", () => {
      const scored = scoredElements(v2Json());
      expect(scored.length).toBe(71);
      const missing = scored.filter((element) => !isPerspective(element.perspective)).map((element) => element.name);
      expect(missing).toEqual([]);
    });

    it("is what the compiled scoring model reads, matrix rows included", () => {
      const declared = new Map(scoredElements(v2Json()).map((element) => [element.name, element.perspective]));
      for (const item of getQuestionnaire(KEY, 2).scoringModel.items) {
        expect(item.perspective, item.key).toBe(declared.get(item.questionName));
      }
    });

    it("matches the reasoned list in CHANGES.md, question by question", () => {
      const documented = new Map(
        [...readFileSync(changesFile, "utf8").matchAll(/^\| `([a-z0-9_]+)` \| [a-z-]+ \| (own-team|organisation) \|/gm)].map((match) => [match[1], match[2]]),
      );
      const declared = new Map(scoredElements(v2Json()).map((element) => [String(element.name), element.perspective]));
      expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(declared));
    });
  });

  describe('"none of these" choices', () => {
    const noneChoices = () =>
      jsonElements(v2Json()).flatMap((element) =>
        (MULTI_CHOICE_TYPES as readonly string[]).includes(String(element.type)) && Array.isArray(element.choices)
          ? (element.choices as JsonObject[]).filter((choice) => choice.value === "none").map((choice) => ({ question: String(element.name), choice }))
          : [],
      );

    it("are marked exclusive wherever a multiple-choice question has one", () => {
      const found = noneChoices();
      expect(found.map((none) => none.question)).toEqual(["shadow_team_tools", "outcomes_measures_tracked"]);
      for (const none of found) expect(none.choice.isExclusive, none.question).toBe(true);
    });

    it.each(["shadow_team_tools", "outcomes_measures_tracked"])("clear the other ticks in survey-core when chosen, and are cleared by them (%s)", (name) => {
      const survey = new Model(v2Json());
      survey.setVariable("group", "it");
      const question = survey.getQuestionByName(name) as QuestionCheckboxModel;
      const choice = (value: string) => question.choices.find((item: ItemValue) => item.value === value)!;
      const [first, second] = question.choices.filter((item: ItemValue) => item.value !== "none");

      question.clickItemHandler(first, true);
      question.clickItemHandler(second, true);
      expect([...question.value]).toEqual([first.value, second.value]);
      question.clickItemHandler(choice("none"), true);
      expect([...question.value]).toEqual(["none"]);
      question.clickItemHandler(first, true);
      expect([...question.value]).toEqual([first.value]);
      survey.dispose();
    });
  });
});
