/*
 * JavaScript a browser downloads for a page, gzipped: read from the Remix (classic compiler) build.
 *
 * For a route, a page loads the client entry, then root, every layout route above the route, and
 * the route itself, each module with its imports (the manifest lists them; the chunks' own static
 * imports are followed too, in case a list is incomplete). Each file is gzipped on its own with
 * node:zlib at the default level, which is what the `compression` middleware in app/server/http.ts
 * sends. Not counted: the page's inline scripts (the lazily discovered route manifest), CSS, and
 * chunks loaded only through dynamic import() (listed separately).
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

/** Markers that only SurveyJS code contains. */
export const SURVEYJS_MARKERS = ["survey-core", "SurveyModel"] as const;

export const SURVEY_ROUTE = "routes/survey.$respondentId";
export const CONSULTANT_ROUTES = ["routes/_app.dashboard", "routes/_app.customers._index"] as const;

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

export interface PageWeightResult {
  manifest: string;
  survey: PageWeight;
  consultant: PageWeight[];
  /** Every page route, for reference (not checked against a target). */
  allRoutes: { route: string; gzipKiB: number; surveyJs: boolean }[];
}

export interface PageWeightOptions {
  /** Folder the browser build is in (Remix's assetsBuildDirectory). */
  publicBuildDir?: string;
  /** The server build, which names the manifest the server hands out. */
  serverBuildFile?: string;
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

export async function runPageWeightBenchmark(options: PageWeightOptions = {}): Promise<PageWeightResult> {
  const publicBuildDir = resolve(options.publicBuildDir ?? "public/build");
  const manifestFile = findManifestFile(publicBuildDir, resolve(options.serverBuildFile ?? "build/index.js"));
  const manifest = readManifest(manifestFile);
  const survey = measurePage(manifest, SURVEY_ROUTE, publicBuildDir);
  const consultant = CONSULTANT_ROUTES.map((route) => measurePage(manifest, route, publicBuildDir));
  // Resource routes (no default export) ship a stub module; every route is listed for the record.
  const allRoutes = Object.keys(manifest.routes)
    .sort()
    .map((route) => {
      const page = measurePage(manifest, route, publicBuildDir);
      return { route, gzipKiB: page.gzipKiB, surveyJs: page.surveyJsMarkers.length > 0 };
    });
  return { manifest: manifestFile.replace(resolve(".") + "/", ""), survey, consultant, allRoutes };
}
