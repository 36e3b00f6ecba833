import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileQuestionCatalogue, summariseQuestions, type QuestionSummary } from "../../app/domain/question-summaries";

const catalogue = compileQuestionCatalogue(JSON.parse(readFileSync("test/fixtures/questionnaires/every-question-type.json", "utf8")));
const fullAnswers: Record<string, unknown> = JSON.parse(readFileSync("test/fixtures/questionnaires/every-question-type.answers.json", "utf8"));

const respondents = [
  { id: "r1", group_key: "it" },
  { id: "r2", group_key: "it" },
  { id: "r3", group_key: "business" },
  { id: "r4", group_key: "business" },
  { id: "r5", group_key: "executive" },
];

function rows(byRespondent: Record<string, Record<string, unknown>>) {
  return Object.entries(byRespondent).flatMap(([respondentId, answers]) => Object.entries(answers).map(([questionName, value]) => ({ respondentId, questionName, value })));
}

/** The summary type whose kind includes K (choice and multi share one). */
type SummaryOf<K> = QuestionSummary extends infer S ? (S extends { kind: infer SK } ? (K extends SK ? S : never) : never) : never;

function summary<K extends QuestionSummary["kind"]>(summaries: QuestionSummary[], name: string, kind: K) {
  const found = summaries.find((s) => s.name === name);
  expect(found?.kind).toBe(kind);
  return found as SummaryOf<K>;
}

describe("question summaries", () => {
  it("lists every answerable question and leaves out display-only and computed ones", () => {
    expect(catalogue.map((q) => q.name)).toEqual([
      "role", "headcount", "startDate", "contactEmail", "context", "hosting", "clouds", "region", "languages", "hasCloudTeam",
      "confidence", "satisfaction", "mood", "recommend", "priorities", "diagram", "tools",
      "budget", "agreement", "systems", "vendors", "teams",
    ]);
  });

  it("counts choices with shares of those who answered, and lists 'other' texts", () => {
    const answers = rows({
      r1: { hosting: "Public cloud", clouds: ["AWS", "Azure"] },
      r2: { hosting: "other", "hosting-Comment": "Partner cloud", clouds: ["AWS"] },
      r3: { hosting: "Public cloud", clouds: ["none"] },
      r4: { hosting: "On premises" },
    });
    const summaries = summariseQuestions(catalogue, respondents, answers);
    const hosting = summary(summaries, "hosting", "choice");
    expect(hosting.answered).toBe(4);
    // Public cloud 2 of 4 = 0.5; on premises 1 of 4; other 1 of 4; colocation 0.
    expect(hosting.options.map((o) => [o.label, o.count, o.share])).toEqual([
      ["On premises", 1, 0.25],
      ["Colocation", 0, 0],
      ["Public cloud", 2, 0.5],
      ["Other (describe)", 1, 0.25],
    ]);
    expect(hosting.comments).toEqual([{ group: "it", text: "Partner cloud" }]);
    const clouds = summary(summaries, "clouds", "multi");
    // Shares of the 3 who answered: AWS 2/3, Azure 1/3, None 1/3.
    expect(clouds.answered).toBe(3);
    expect(clouds.options.find((o) => o.value === "AWS")?.share).toBeCloseTo(2 / 3, 10);
    expect(clouds.options.find((o) => o.value === "none")?.count).toBe(1);
  });

  it("gives a 0–10 rating its Net Promoter Score, and any rating its mean", () => {
    // Ratings 10, 9, 8, 3, 6: promoters 2, passives 1, detractors 2 → NPS = 40 % − 40 % = 0; mean 36 / 5 = 7.2.
    const answers = rows({ r1: { recommend: 10, confidence: 5 }, r2: { recommend: 9, confidence: 4 }, r3: { recommend: 8 }, r4: { recommend: 3 }, r5: { recommend: 6 } });
    const summaries = summariseQuestions(catalogue, respondents, answers);
    const recommend = summary(summaries, "recommend", "rating");
    expect(recommend.nps).toEqual({ promoters: 2, passives: 1, detractors: 2, score: 0 });
    expect(recommend.mean).toBeCloseTo(7.2, 10);
    expect(recommend.options.find((o) => o.value === 9)?.count).toBe(1);
    const confidence = summary(summaries, "confidence", "rating");
    expect(confidence.nps).toBeNull();
    expect(confidence.mean).toBe(4.5);
    // Filtered to IT: 10 and 9 are both promoters → NPS 100.
    expect(summary(summariseQuestions(catalogue, respondents, answers, "it"), "recommend", "rating").nps?.score).toBe(100);
  });

  it("splits booleans and averages ranking positions", () => {
    const answers = rows({
      r1: { hasCloudTeam: true, priorities: ["Security", "Cost", "Speed", "Resilience"] },
      r2: { hasCloudTeam: false, priorities: ["Cost", "Security", "Speed", "Resilience"] },
      r3: { hasCloudTeam: true, priorities: ["Security", "Speed", "Cost", "Resilience"] },
    });
    const summaries = summariseQuestions(catalogue, respondents, answers);
    expect(summary(summaries, "hasCloudTeam", "choice").options.map((o) => [o.label, o.count])).toEqual([["Yes", 2], ["No", 1]]);
    // Security: positions 1, 2, 1 → 4/3; Cost: 2, 1, 3 → 2; Speed: 3, 3, 2 → 8/3; Resilience: 4.
    const ranking = summary(summaries, "priorities", "ranking");
    expect(ranking.options.map((o) => o.label)).toEqual(["Security", "Cost", "Speed", "Resilience"]);
    expect(ranking.options[0].meanRank).toBeCloseTo(4 / 3, 10);
    expect(ranking.options[2].meanRank).toBeCloseTo(8 / 3, 10);
  });

  it("counts a Likert matrix per row and column", () => {
    const answers = rows({ r1: { agreement: { clear: "Agree", funded: "Disagree" } }, r2: { agreement: { clear: "Agree" } }, r3: { agreement: { clear: "Neutral", funded: "Disagree" } } });
    const matrix = summary(summariseQuestions(catalogue, respondents, answers), "agreement", "matrix");
    expect(matrix.rows.map((r) => [r.label, r.answered, r.counts])).toEqual([
      ["The strategy is clear", 3, [0, 1, 2]],
      ["The strategy is funded", 2, [2, 0, 0]],
    ]);
  });

  it("writes structured answers out as people read them, with labels instead of codes", () => {
    const summaries = summariseQuestions(catalogue, respondents, rows({ r1: fullAnswers }));
    expect(summary(summaries, "budget", "entries").answers).toEqual([{ group: "it", lines: ["Capital (£k): 120; Operating (£k): 80"] }]);
    expect(summary(summaries, "systems", "entries").answers[0].lines).toEqual(["ERP: Owner: IT; Users: 400; Critical: Yes; Moves with: Wave 2; Notes: SAP ECC 6", "CRM: Owner: Vendor; Users: 35"]);
    expect(summary(summaries, "systems", "entries").comments).toEqual([{ group: "it", text: "Both run in the Leeds data centre." }]);
    expect(summary(summaries, "vendors", "entries").answers[0].lines).toEqual(["Vendor: Acme Hosting; Tier: 1", "Vendor: Contoso; Tier: 3"]);
    expect(summary(summaries, "teams", "entries").answers[0].lines).toEqual([
      "Team name: Platform; Cloud skills: Strong; Tools: Git, IaC",
      "Team name: Service desk; Cloud skills: None; Tools: Other (describe); Tools (comment): ServiceNow",
    ]);
    expect(summary(summaries, "context", "text").answers).toEqual([{ group: "it", text: "Two data centres,\nleases end 2027." }]);
    expect(summary(summaries, "headcount", "text").answers).toEqual([{ group: "it", text: "42" }]);
  });
});

describe("summarising without survey-core", () => {
  it("spells the comment suffix as survey-core's settings do, so the PDF renderer finds the same comments", async () => {
    const { settings } = await import("survey-core");
    const { COMMENT_SUFFIX } = await import("../../app/domain/question-summary-counts");
    expect(COMMENT_SUFFIX).toBe(settings.commentSuffix);
  });
});
