import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { PerceptionGapChart } from "~/components/charts/perception-gap-chart";
import { renderChartSvg } from "~/components/charts/render-chart.server";

const gaps = (label: string, gap: number) => [{ label, gap, flagged: gap >= 20 }];

describe("renderChartSvg", () => {
  it("draws the chart of the props it is given, also when a similar chart was drawn before", () => {
    const first = renderChartSvg(createElement(PerceptionGapChart, { threshold: 20, gaps: gaps("Culture", 12) }));
    const second = renderChartSvg(createElement(PerceptionGapChart, { threshold: 20, gaps: gaps("Skills", 31) }));
    expect(first).toContain("Culture");
    expect(first).not.toContain("Skills");
    expect(second).toContain("Skills");
    expect(second).toContain("31 ⚑");
    expect(second).not.toContain("Culture");
  });

  it("gives the same markup for the same chart, so a page and its hydration agree", () => {
    const props = { threshold: 20, gaps: gaps("Governance", 25) };
    const first = renderChartSvg(createElement(PerceptionGapChart, props));
    const again = renderChartSvg(createElement(PerceptionGapChart, { ...props, gaps: [...props.gaps] }));
    expect(again).toBe(first);
  });

  it("renders charts whose props hold functions every time, rather than confusing two of them", () => {
    function Labelled({ label }: { label: () => string }) {
      return createElement("svg", null, createElement("text", null, label()));
    }
    expect(renderChartSvg(createElement(Labelled, { label: () => "one" }))).toContain("one");
    expect(renderChartSvg(createElement(Labelled, { label: () => "two" }))).toContain("two");
  });
});

describe("chart tooltips carry each score's evidence (rule 13)", () => {
  it("titles every radar point with its score, coverage and people, and marks thin evidence", async () => {
    const { ReadinessRadar } = await import("~/components/charts/readiness-radar");
    const svg = renderChartSvg(
      createElement(ReadinessRadar, {
        axes: [
          { key: "culture", label: "Culture" },
          { key: "skills", label: "Skills" },
          { key: "operations", label: "Operational health" },
        ],
        series: [{ key: "it", values: { culture: 63, skills: 40, operations: null }, evidence: { culture: "63 % of questions answered · 4 people", skills: "Thin evidence: only 23 % of the questions shown were answered, from 2 people" } }],
      }),
    );
    expect(svg).toContain("<title>IT · Culture: 63 — 63 % of questions answered · 4 people</title>");
    expect(svg).toContain("<title>IT · Skills: 40 — Thin evidence: only 23 % of the questions shown were answered, from 2 people</title>");
    // No score, no point (and no tooltip claiming one).
    expect(svg).not.toContain("Operational health: ");
  });

  it("titles every gap bar with the groups compared, their sizes and the shared questions", () => {
    const svg = renderChartSvg(createElement(PerceptionGapChart, { threshold: 20, gaps: [{ label: "Governance", gap: 24, flagged: true, evidence: "24 points apart over 5 shared questions: IT (3 people) 70, Business (2 people) 46, flagged" }] }));
    expect(svg).toContain("<title>Governance: 24 points apart over 5 shared questions: IT (3 people) 70, Business (2 people) 46, flagged</title>");
  });

  it("titles every trend point with the line, the date, the score and its evidence", async () => {
    const { TrendChart } = await import("~/components/charts/trend-chart");
    const svg = renderChartSvg(
      createElement(TrendChart, {
        lines: [{ key: "readiness", label: "Overall readiness" }],
        points: [
          { label: "Mar 2026", values: { readiness: 41.6 }, evidence: { readiness: { words: "Thin evidence: only 3 of 8 dimensions answered well enough, from 2 people" } } },
          { label: "Nov 2026", values: { readiness: 58.2 }, evidence: { readiness: { words: "7 of 8 dimensions answered well enough, from 6 people" } } },
        ],
      }),
    );
    expect(svg).toContain("<title>Overall readiness, Mar 2026: 42 — Thin evidence: only 3 of 8 dimensions answered well enough, from 2 people</title>");
    expect(svg).toContain("<title>Overall readiness, Nov 2026: 58 — 7 of 8 dimensions answered well enough, from 6 people</title>");
  });
});
