import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";

/*
 * Rendering a recharts chart on the server costs 10–20 ms of CPU (most of a results page's time
 * before this cache), while its inputs are a few hundred bytes of scores that change only when
 * answers do. Charts are pure functions of their props, so the markup is remembered per component
 * and props; the bound keeps memory flat however many assessments are viewed.
 */
const MAX_CACHED_BYTES = 16 * 1024 * 1024;
const cachedMarkup = new Map<string, string>();
let cachedBytes = 0;
const componentIds = new WeakMap<object, number>();
let nextComponentId = 0;

// JSON.stringify drops functions silently: two charts differing only in a formatter would share a key.
function refuseFunctions(_key: string, value: unknown) {
  if (typeof value === "function" || typeof value === "symbol") throw new TypeError("not serialisable");
  return value;
}

function cacheKey(chart: ReactElement): string | null {
  const type = chart.type;
  if (typeof type !== "function" && (typeof type !== "object" || type === null)) return null;
  let id = componentIds.get(type);
  if (id === undefined) {
    id = nextComponentId++;
    componentIds.set(type, id);
  }
  try {
    return `${id}:${JSON.stringify(chart.props, refuseFunctions)}`;
  } catch {
    return null; // props that do not serialise (functions, cycles) are rendered every time
  }
}

/**
 * Renders a chart to SVG markup once, on the server. The page injects this exact markup (so the
 * browser hydrates the same HTML it was sent, despite recharts' generated clip-path ids), and the
 * PDF report draws the same string: web and PDF cannot disagree. React escapes every text node.
 */
export function renderChartSvg(chart: ReactElement): string {
  const key = cacheKey(chart);
  if (key === null) return renderToStaticMarkup(chart);
  const hit = cachedMarkup.get(key);
  if (hit !== undefined) {
    // Least recently used goes first: re-insert to move this one to the end.
    cachedMarkup.delete(key);
    cachedMarkup.set(key, hit);
    return hit;
  }
  const markup = renderToStaticMarkup(chart);
  cachedMarkup.set(key, markup);
  cachedBytes += key.length + markup.length;
  for (const [oldestKey, oldest] of cachedMarkup) {
    if (cachedBytes <= MAX_CACHED_BYTES) break;
    cachedMarkup.delete(oldestKey);
    cachedBytes -= oldestKey.length + oldest.length;
  }
  return markup;
}
