import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";

/**
 * Renders a chart to SVG markup once, on the server. The page injects this exact markup (so the
 * browser hydrates the same HTML it was sent, despite recharts' random clip-path ids), and the PDF
 * report draws the same string: web and PDF cannot disagree. React escapes every text node.
 */
export function renderChartSvg(chart: ReactElement): string {
  return renderToStaticMarkup(chart);
}
