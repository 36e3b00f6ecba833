import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as results from "../../app/routes/_app.assessments.$assessmentId_.results/route";
import { getScoringModel } from "../../app/domain/questionnaire-catalogue.server";
import { generateDemoAnswers, seededRandom } from "../../app/domain/demo-responses";
import { scoreAssessment } from "../../app/domain/scoring";
import { findPerceptionGaps } from "../../app/domain/perception-gap";
import { saveAnswers } from "../../db/repositories/answers";
import { createProvider, TEST_PASSWORD } from "../support/fixtures";
import { get, respond, signInAs, testContext, useDatabaseForApp } from "../support/remix";
import { createSurveyAssessment } from "../support/survey-fixtures";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

describe.skipIf(databaseUnavailable())(`assessment results on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  let north: Awaited<ReturnType<typeof createProvider>>;
  let assessmentId: string;
  const expectedRespondents: { id: string; group: "it" | "business" | "engineering"; answers: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    useDatabaseForApp(database);
    north = await createProvider(database.db, "North");
    await createProvider(database.db, "South");
    const groups = ["it", "it", "it", "business", "engineering"] as const;
    const survey = await createSurveyAssessment(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, groups: [...groups, "business"] });
    assessmentId = survey.assessment.id;
    const model = getScoringModel("hybrid-cloud-readiness", 1);
    const random = seededRandom(7);
    for (const [i, group] of groups.entries()) {
      const answers = { ...generateDemoAnswers(model, group, random), reflections_one_thing: `Fix <script>alert(${i})</script> first` };
      await saveAnswers(database.db, { respondentId: survey.respondents[i].id, answers: Object.entries(answers).map(([questionName, value]) => ({ questionName, value, seq: 1 })) });
      expectedRespondents.push({ id: survey.respondents[i].id, group, answers });
    }
    // The sixth respondent (a second business person) never answered: invited, not scored.
  });
  afterAll(async () => {
    await database?.destroy();
  });

  /** The engine's own answer, fed the same canonical order the results service uses. */
  function engineScores() {
    return scoreAssessment(getScoringModel("hybrid-cloud-readiness", 1), [...expectedRespondents].sort((a, b) => (a.id < b.id ? -1 : 1)));
  }

  async function load(cookie: string, query = "") {
    return respond(() => results.loader({ request: get(`/assessments/${assessmentId}/results${query}`, cookie), params: { assessmentId }, context: testContext() }));
  }

  it("shows exactly the scoring engine's numbers for the stored answers", async () => {
    const cookie = await signInAs("consultant@north.example", TEST_PASSWORD);
    const response = await load(cookie);
    expect(response.status).toBe(200);
    const data = (await response.json()) as {
      readiness: number;
      dimensions: { key: string; score: number; coverage: number }[];
      gaps: { dimension: string; gap: number | null; flagged: boolean }[];
      participation: { invited: number; answered: number };
      charts: { radar: string; gaps: string };
    };
    const expected = engineScores();
    expect(data.readiness).toBe(expected.readiness);
    for (const d of data.dimensions) {
      expect(d.score, d.key).toBe(expected.dimensions[d.key as keyof typeof expected.dimensions].score);
      expect(d.coverage, d.key).toBe(expected.dimensions[d.key as keyof typeof expected.dimensions].coverage);
    }
    const expectedGaps = findPerceptionGaps(expected);
    expect(data.gaps.map((g) => [g.dimension, g.gap, g.flagged])).toEqual(expectedGaps.map((g) => [g.dimension, g.gap, g.flagged]));
    expect(data.participation).toMatchObject({ invited: 6, answered: 5 });
    // The charts are already SVG in what the server sends.
    expect(data.charts.radar).toContain("<svg");
    expect(data.charts.radar).toContain("recharts-radar");
    expect(data.charts.gaps).toContain("<svg");
  });

  it("sends the answers behind one dimension's score when that dimension is opened, and no other", async () => {
    const cookie = await signInAs("consultant@north.example", TEST_PASSWORD);
    type Drill = { drillDown: { key: string; loaded: boolean; items: { questionName: string; byGroup: { group: string; meanPoints: number | null }[] }[] }[] };
    const closed = (await (await load(cookie)).json()) as Drill;
    expect(closed.drillDown.map((d) => d.key)).toHaveLength(8);
    expect(closed.drillDown.every((d) => !d.loaded && d.items.length === 0)).toBe(true);

    const opened = (await (await load(cookie, "?drill=skills")).json()) as Drill;
    const skills = opened.drillDown.find((d) => d.key === "skills")!;
    expect(skills.loaded).toBe(true);
    const expected = engineScores().dimensions.skills.explanation.items;
    expect(skills.items.map((i) => i.questionName)).toEqual(expected.map((i) => i.questionName));
    expect(skills.items[0].byGroup.map((g) => g.meanPoints)).toEqual(expected[0].byGroup.map((g) => g.meanPoints));
    expect(opened.drillDown.filter((d) => d.key !== "skills").every((d) => !d.loaded && d.items.length === 0)).toBe(true);

    const unknown = (await (await load(cookie, "?drill=<script>")).json()) as Drill;
    expect(unknown.drillDown.every((d) => !d.loaded)).toBe(true);
  });

  it("shows one group's own scores when filtered by group", async () => {
    const cookie = await signInAs("consultant@north.example", TEST_PASSWORD);
    const data = (await (await load(cookie, "?group=business")).json()) as { group: string; dimensions: { key: string; score: number }[]; freeText: { answers: { group: string }[] }[] };
    const expected = engineScores();
    const business = expected.groups.find((g) => g.group === "business")!;
    expect(data.group).toBe("business");
    for (const d of data.dimensions) expect(d.score, d.key).toBe(business.dimensions[d.key as keyof typeof business.dimensions].score);
    expect(data.freeText.flatMap((q) => q.answers.map((a) => a.group))).toEqual(["business"]);
  });

  it("shows one-person groups labelled and compares no group with them", async () => {
    // IT is three people; business and engineering one each: nobody to compare IT with (rule 11).
    const cookie = await signInAs("consultant@north.example", TEST_PASSWORD);
    const data = (await (await load(cookie)).json()) as {
      gaps: { dimension: string; gap: number | null; flagged: boolean; sharedItems: number; groupScores: { group: string; respondents: number; belowMinimumSize: boolean }[] }[];
    };
    for (const gap of data.gaps) {
      expect(gap, gap.dimension).toMatchObject({ gap: null, flagged: false, sharedItems: 0 });
      for (const group of gap.groupScores) expect(group.belowMinimumSize, `${gap.dimension} ${group.group}`).toBe(group.group !== "it");
    }
    const culture = data.gaps.find((g) => g.dimension === "culture")!;
    expect(culture.groupScores.find((g) => g.group === "business")).toMatchObject({ respondents: 1, belowMinimumSize: true });
    expect(culture.groupScores.find((g) => g.group === "it")).toMatchObject({ respondents: 3, belowMinimumSize: false });
  });

  it("gives overall readiness no level when too few dimensions are answered well enough", async () => {
    // One IT respondent who answered every fourth of the demo's answers: most dimensions below 60 % coverage.
    const survey = await createSurveyAssessment(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, groups: ["it"] });
    const all = Object.entries(generateDemoAnswers(getScoringModel("hybrid-cloud-readiness", 1), "it", seededRandom(3)));
    await saveAnswers(database.db, { respondentId: survey.respondents[0].id, answers: all.filter((_, i) => i % 4 === 0).map(([questionName, value]) => ({ questionName, value, seq: 1 })) });
    const cookie = await signInAs("consultant@north.example", TEST_PASSWORD);
    const id = survey.assessment.id;
    const response = await respond(() => results.loader({ request: get(`/assessments/${id}/results`, cookie), params: { assessmentId: id }, context: testContext() }));
    const data = (await response.json()) as { readiness: number | null; readinessLevel: unknown; readinessNoLevel: string | null; dimensions: { key: string; lowConfidence: boolean; evidence: string | null; respondents: number }[] };
    const wellAnswered = data.dimensions.filter((d) => !d.lowConfidence).length;
    expect(wellAnswered).toBeLessThan(5);
    expect(data.readiness).not.toBeNull();
    expect(data.readinessLevel).toBeNull();
    expect(data.readinessNoLevel).toBe(`No level: only ${wellAnswered} of 8 dimensions answered well enough (a level needs 5)`);
    const thin = data.dimensions.find((d) => d.lowConfidence && d.evidence !== null)!;
    expect(thin.evidence).toMatch(/^Thin evidence: only \d+ % of the questions shown were answered, from one person$/);
  });

  it("lets sales read the results", async () => {
    const cookie = await signInAs("sales@north.example", TEST_PASSWORD);
    expect((await load(cookie)).status).toBe(200);
  });

  it("answers 404 to another provider's user, with no data", async () => {
    const cookie = await signInAs("consultant@south.example", TEST_PASSWORD);
    const response = await load(cookie);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("North");
  });

  it("sends anonymous visitors to sign in", async () => {
    const response = await respond(() => results.loader({ request: get(`/assessments/${assessmentId}/results`), params: { assessmentId }, context: testContext() }));
    expect(response.status).toBe(302);
  });
});
