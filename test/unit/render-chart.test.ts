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
