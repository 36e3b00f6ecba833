/*
 * JavaScript a browser downloads for a page, gzipped: read from the Remix (classic compiler) build.
 *
 * For a route, a page loads the client entry, then root, every layout route above the route, and
 * the route itself, each module with its imports (the manifest lists them; the chunks' own static
 * imports are followed too, in case a list is incomplete). Each file is gzipped on its own with
 * node:zlib at the default level, which is what the `compression` middleware in app/server/http.ts
 * sends. Not counted: the page's inline scripts (the lazily discovered route manifest), CSS, and
 * chunks loaded only through dynamic import() (listed separately).
 *
 * Consultant pages are every page route under the signed-in layout (`routes/_app.*`); resource
 * routes (no default export: CSV, PDF and JSON downloads) are not pages and are left out.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

/** Markers that only SurveyJS code contains. */
export const SURVEYJS_MARKERS = ["survey-core", "SurveyModel"] as const;

export const SURVEY_ROUTE = "routes/survey.$respondentId";
/** The signed-in staff layout: the routes under it are the consultant pages. */
export const CONSULTANT_LAYOUT = "routes/_app";
/** Consultant pages that ship SurveyJS on purpose, with the reason: reported, not held to the target. */
export const SURVEYJS_BY_DESIGN: Readonly<Record<string, string>> = {
  "routes/_app.settings.questionnaires_.$key.$version": "the questionnaire preview renders the questionnaire with SurveyJS",
};

interface ManifestRoute {
  id: string;
  parentId?: string;
  module: string;
  imports?: string[];
}

interface RemixManifest {
  version: string;
  url?: string;
  entry: { module: string; imports?: string[] };
  routes: Record<string, ManifestRoute>;
}

export interface PageWeight {
  route: string;
  /** Routes whose modules the page loads, root first. */
  routeChain: string[];
  files: { path: string; bytes: number; gzipBytes: number }[];
  bytes: number;
  gzipBytes: number;
  gzipKiB: number;
  /** SurveyJS markers found in the page's JavaScript, with the file each was found in. */
  surveyJsMarkers: { marker: string; file: string }[];
  /** Chunks the page can load later through import(); not in the totals. */
  dynamicImports: string[];
}

export interface ConsultantPageWeight extends PageWeight {
  /** Why this page ships SurveyJS on purpose (SURVEYJS_BY_DESIGN), or null: held to the target. */
  surveyJsByDesign: string | null;
}

export interface PageWeightResult {
  manifest: string;
  survey: PageWeight;
  /** Every consultant page, by route id. */
  consultant: ConsultantPageWeight[];
  /** Every page route, for reference (not checked against a target). */
  allRoutes: { route: string; gzipKiB: number; surveyJs: boolean }[];
}

export interface PageWeightOptions {
  /** Folder the browser build is in (Remix's assetsBuildDirectory). */
  publicBuildDir?: string;
  /** The server build, which names the manifest the server hands out. */
  serverBuildFile?: string;
  /** Where the route modules' sources are (Remix's appDirectory), to tell pages from resource routes. */
  appDirectory?: string;
}

/** The manifest the current server build refers to; the newest one if that cannot be read. */
export function findManifestFile(publicBuildDir: string, serverBuildFile: string): string {
  if (existsSync(serverBuildFile)) {
    const named = /manifest-[A-Za-z0-9]+\.js/.exec(readFileSync(serverBuildFile, "utf8"));
    if (named && existsSync(join(publicBuildDir, named[0]))) return join(publicBuildDir, named[0]);
  }
  const candidates = existsSync(publicBuildDir) ? readdirSync(publicBuildDir).filter((name) => /^manifest-.*\.js$/.test(name)) : [];
  if (candidates.length === 0) throw new Error(`No Remix manifest in ${publicBuildDir}: build first (npm run build).`);
  return candidates.map((name) => join(publicBuildDir, name)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

export function readManifest(file: string): RemixManifest {
  const text = readFileSync(file, "utf8").trim();
  const start = text.indexOf("=");
  if (!text.startsWith("window.__remixManifest") || start < 0) throw new Error(`${file} is not a Remix manifest`);
  return JSON.parse(text.slice(start + 1).replace(/;\s*$/, "")) as RemixManifest;
}

const STATIC_IMPORT = /(?:\bfrom|\bimport)\s*["'](\/build\/[^"']+\.js)["']/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'](\/build\/[^"']+\.js)["']\s*\)/g;

export function measurePage(manifest: RemixManifest, routeId: string, publicBuildDir: string): PageWeight {
  const chain: ManifestRoute[] = [];
  for (let route: ManifestRoute | undefined = manifest.routes[routeId]; route; route = route.parentId ? manifest.routes[route.parentId] : undefined) {
    chain.unshift(route);
  }
  if (chain.length === 0) throw new Error(`Route ${routeId} is not in the manifest`);

  const pending = [manifest.entry.module, ...(manifest.entry.imports ?? [])];
  for (const route of chain) pending.push(route.module, ...(route.imports ?? []));
  const seen = new Set<string>();
  const dynamic = new Set<string>();
  const files: PageWeight["files"] = [];
  const surveyJsMarkers: PageWeight["surveyJsMarkers"] = [];
  while (pending.length > 0) {
    const url = pending.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const path = join(publicBuildDir, url.replace(/^\/build\//, ""));
    const content = readFileSync(path);
    const text = content.toString("utf8");
    files.push({ path: url, bytes: content.length, gzipBytes: gzipSync(content).length });
    for (const marker of SURVEYJS_MARKERS) if (text.includes(marker)) surveyJsMarkers.push({ marker, file: url });
    for (const match of text.matchAll(STATIC_IMPORT)) if (!seen.has(match[1])) pending.push(match[1]);
    for (const match of text.matchAll(DYNAMIC_IMPORT)) dynamic.add(match[1]);
  }
  const gzipBytes = files.reduce((sum, file) => sum + file.gzipBytes, 0);
  return {
    route: routeId,
    routeChain: chain.map((route) => route.id),
    files: files.sort((a, b) => b.gzipBytes - a.gzipBytes),
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    gzipBytes,
    gzipKiB: gzipBytes / 1024,
    surveyJsMarkers,
    dynamicImports: [...dynamic].filter((url) => !seen.has(url)),
  };
}

/**
 * Whether a route renders a page, i.e. its module has a default export; a resource route (a CSV or
 * PDF download) has none, and its browser module is an empty stub. A route whose source cannot be
 * found counts as a page, so that it is measured rather than missed.
 */
export function isPageRoute(routeId: string, appDirectory: string): boolean {
  const base = join(appDirectory, routeId);
  const candidates = [".tsx", ".ts", ".jsx", ".js"].flatMap((ext) => [`${base}${ext}`, join(base, `route${ext}`)]);
  const file = candidates.find((candidate) => existsSync(candidate));
  if (!file) return true;
  const source = readFileSync(file, "utf8");
  return /^export\s+default\b/m.test(source) || /^export\s*\{[^}]*\bas\s+default\b[^}]*\}/m.test(source);
}

export async function runPageWeightBenchmark(options: PageWeightOptions = {}): Promise<PageWeightResult> {
  const publicBuildDir = resolve(options.publicBuildDir ?? "public/build");
  const manifestFile = findManifestFile(publicBuildDir, resolve(options.serverBuildFile ?? "build/index.js"));
  const manifest = readManifest(manifestFile);
  const appDirectory = resolve(options.appDirectory ?? "app");
  const routeIds = Object.keys(manifest.routes).sort();
  const pages = new Map(routeIds.map((route) => [route, measurePage(manifest, route, publicBuildDir)]));
  const survey = pages.get(SURVEY_ROUTE) ?? measurePage(manifest, SURVEY_ROUTE, publicBuildDir);
  const consultant = routeIds
    .filter((route) => route.startsWith(`${CONSULTANT_LAYOUT}.`) && isPageRoute(route, appDirectory))
    .map((route) => ({ ...pages.get(route)!, surveyJsByDesign: SURVEYJS_BY_DESIGN[route] ?? null }));
  // Resource routes (no default export) ship a stub module; every route is listed for the record.
  const allRoutes = routeIds.map((route) => {
    const page = pages.get(route)!;
    return { route, gzipKiB: page.gzipKiB, surveyJs: page.surveyJsMarkers.length > 0 };
  });
  return { manifest: manifestFile.replace(resolve(".") + "/", ""), survey, consultant, allRoutes };
}
