import { randomBytes } from "node:crypto";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import type { IncomingMessage, ServerResponse } from "node:http";
import express, { type NextFunction, type Request, type Response } from "express";

/** Mutations larger than this are refused before Remix reads them. */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // Inline style attributes are used by SurveyJS and recharts; scripts stay nonce-only.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join("; ");
}

/** Sent with every response, beside a Content-Security-Policy. */
const SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  // No page of Cairn needs to tell another site where a visitor came from; survey URLs must never leak.
  "Referrer-Policy": "no-referrer",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  "Cross-Origin-Opener-Policy": "same-origin",
};

function securityHeaders(req: Request, res: Response, next: NextFunction) {
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  next();
}

/**
 * CSRF defence on top of SameSite cookies: a browser always sends Origin on a cross-site POST, and
 * a mutation from a foreign origin (or the opaque "null") is refused, for every route at once. The
 * one rule for both the express app and the autosave path that is served ahead of it.
 */
function isCrossSite(req: IncomingMessage, trustProxy: boolean): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || origin === "") return false;
  // With `Referrer-Policy: no-referrer`, Chromium sends `Origin: null` on a plain form post from a
  // page without JavaScript, on this very site. Sandboxed frames and data: URLs send "null" too, so
  // "null" passes only with `Sec-Fetch-Site: same-origin`, which browsers set themselves (scripts
  // cannot) and which a foreign page's post never carries.
  if (origin === "null") return req.headers["sec-fetch-site"] !== "same-origin";
  return origin !== ownOrigin(req, trustProxy);
}

function ownOrigin(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? String(req.headers["x-forwarded-proto"] ?? "").split(",")[0].trim() : "";
  const protocol = forwarded || ((req.socket as { encrypted?: boolean }).encrypted ? "https" : "http");
  return `${protocol}://${req.headers.host}`;
}

function sameOriginMutations(trustProxy: boolean) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    if (isCrossSite(req, trustProxy)) {
      res.status(403).type("text/plain").send(CROSS_SITE_REFUSAL.body);
      return;
    }
    // A same-origin `Origin: null` post (see isCrossSite) passed here; Remix's own check would throw
    // on "null" and answer 500, so it is handed on with the origin it was shown to have.
    if (req.headers.origin === "null") req.headers.origin = ownOrigin(req, trustProxy);
    next();
  };
}

function bodySizeLimit(req: Request, res: Response, next: NextFunction) {
  const length = Number(req.get("content-length") ?? 0);
  if (length > MAX_REQUEST_BODY_BYTES) {
    // A form submitted by Remix in the browser is a data request (`?_data=`). Remix treats a 4xx
    // without its own headers as a network failure and shows a 500; marked as a caught response, it
    // reaches the route's error boundary as the 413 it is, so the page can say what the limit is.
    if (req.query._data !== undefined) res.setHeader("X-Remix-Catch", "yes");
    res.status(413).type("text/plain").send(TOO_LARGE.body);
    return;
  }
  next();
}

interface DirectOutcome {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

interface AutosaveEndpoint {
  maxBodyBytes: number;
  handle(input: { respondentId: string; cookieHeader: string | null; body: Uint8Array | null }): Promise<DirectOutcome>;
}

interface ReportDownloadEndpoint {
  handle(input: { assessmentId: string; cookieHeader: string | null; path: string; clientAddress: string }): Promise<DirectOutcome>;
}

/** The security headers, for responses that are never HTML: nothing may load or frame them. */
const DIRECT_ENDPOINT_HEADERS = {
  ...SECURITY_HEADERS,
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
};

/** Reads at most `limit` bytes of a request body; null when it is larger (the rest is discarded). */
function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > limit) {
      req.resume();
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(tooLarge ? null : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * What express's req.ip says, with the same `trust proxy` setting: with it, the left-most address in
 * X-Forwarded-For, empty entries skipped (a proxy appending to an empty header writes ", <address>").
 */
function clientAddressOf(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? String(req.headers["x-forwarded-for"] ?? "").split(",").map((entry) => entry.trim()).find(Boolean) : undefined;
  return forwarded || req.socket.remoteAddress || "unknown";
}

/** Writes an endpoint's outcome; an unexpected error becomes a plain 500, never a stack trace. */
async function serveDirect(res: ServerResponse, outcome: () => Promise<DirectOutcome>) {
  try {
    const { status, headers, body } = await outcome();
    res.writeHead(status, { ...DIRECT_ENDPOINT_HEADERS, ...headers });
    res.end(body);
  } catch (error) {
    console.error(error);
    if (!res.headersSent) res.writeHead(500, { ...DIRECT_ENDPOINT_HEADERS, "Content-Type": "text/plain; charset=utf-8" });
    res.end("Something went wrong on our side.");
  }
}

const CROSS_SITE_REFUSAL: DirectOutcome = { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" }, body: "Cross-site request refused." };
const TOO_LARGE: DirectOutcome = { status: 413, headers: { "Content-Type": "text/plain; charset=utf-8" }, body: "That request is too large: Cairn accepts at most 1 MB in one request. Go back and send less." };

const AUTOSAVE_PATH = /^\/survey\/([0-9A-Za-z-]{1,64})\/answers(?:\?.*)?$/;
const REPORT_PDF_PATH = /^\/assessments\/([0-9A-Za-z-]{1,64})\/report\.pdf(?:\?.*)?$/;

/**
 * Two endpoints are served before express and Remix, because express's middleware chain and Remix's
 * routing and request conversion cost more than their own work, on the thread that serves every
 * autosave: the autosave itself (a request per answer) and the report PDF download (whose rendering
 * happens in another process). Same service code as their Remix routes, same checks (Origin, body
 * limit, access), same headers; HEAD and any other spelling of the paths fall through to Remix.
 */
export function createRequestListener(build: ServerBuild, options: { trustProxy?: boolean } = {}) {
  const app = createHttpApp(build, options);
  const endpoints = build.entry.module as { autosaveEndpoint?: AutosaveEndpoint; reportDownloadEndpoint?: ReportDownloadEndpoint };
  const { autosaveEndpoint: autosave, reportDownloadEndpoint: reportDownload } = endpoints;
  const trustProxy = options.trustProxy === true;
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "";
    const saving = autosave && req.method === "POST" ? AUTOSAVE_PATH.exec(url) : null;
    if (saving && autosave) {
      void serveDirect(res, async () => {
        if (isCrossSite(req, trustProxy)) {
          req.resume();
          return CROSS_SITE_REFUSAL;
        }
        const body = await readBody(req, autosave.maxBodyBytes);
        return autosave.handle({ respondentId: saving[1], cookieHeader: req.headers.cookie ?? null, body });
      });
      return;
    }
    const downloading = reportDownload && req.method === "GET" ? REPORT_PDF_PATH.exec(url) : null;
    if (downloading && reportDownload) {
      req.resume();
      void serveDirect(res, async () => {
        // As bodySizeLimit() answers every other route: a GET has no business with a large body.
        if (Number(req.headers["content-length"] ?? 0) > MAX_REQUEST_BODY_BYTES) return TOO_LARGE;
        return reportDownload.handle({ assessmentId: downloading[1], cookieHeader: req.headers.cookie ?? null, path: url, clientAddress: clientAddressOf(req, trustProxy) });
      });
      return;
    }
    app(req, res);
  };
}

export function createHttpApp(build: ServerBuild, options: { trustProxy?: boolean } = {}) {
  const app = express();
  app.disable("x-powered-by");
  if (options.trustProxy) app.set("trust proxy", true);
  app.use(compression());
  app.use(securityHeaders);
  app.use(sameOriginMutations(options.trustProxy === true));
  app.use(bodySizeLimit);
  // Fingerprinted build assets never change; everything else in public/ may.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: build.mode,
      getLoadContext: (req, res) => ({
        cspNonce: String(res.locals.cspNonce),
        clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
      }),
    }),
  );
  // Last resort: never a stack trace to the client.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    console.error(error);
    if (!res.headersSent) res.status(500).type("text/plain").send("Something went wrong on our side.");
  });
  return app;
}
