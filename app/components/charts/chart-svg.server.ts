import { createElement, type ComponentProps } from "react";
import { KpiChart } from "./kpi-chart";
import { PerceptionGapChart } from "./perception-gap-chart";
import { PlanTimelineChart } from "./plan-timeline-chart";
import { ReadinessRadar } from "./readiness-radar";
import { renderChartSvg } from "./render-chart.server";

/*
 * The pages' charts as SVG markup, for loaders. A route module that imported a chart component to
 * render it in its loader shipped recharts (~106 KiB gzipped) to the browser, where the page only
 * injects the markup: esbuild keeps the chart module's imports even when the loader that used
 * it is gone. Routes call these instead; a .server module is empty in the browser build.
 */

export function renderPlanTimelineSvg(props: ComponentProps<typeof PlanTimelineChart>): string {
  return renderChartSvg(createElement(PlanTimelineChart, props));
}

export function renderKpiChartSvg(props: ComponentProps<typeof KpiChart>): string {
  return renderChartSvg(createElement(KpiChart, props));
}

export function renderReadinessRadarSvg(props: ComponentProps<typeof ReadinessRadar>): string {
  return renderChartSvg(createElement(ReadinessRadar, props));
}

export function renderPerceptionGapChartSvg(props: ComponentProps<typeof PerceptionGapChart>): string {
  return renderChartSvg(createElement(PerceptionGapChart, props));
}
