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

function securityHeaders(req: Request, res: Response, next: NextFunction) {
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  // No page of Cairn needs to tell another site where a visitor came from; survey URLs must never leak.
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
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
  if (origin === "null") return true;
  const forwarded = trustProxy ? String(req.headers["x-forwarded-proto"] ?? "").split(",")[0].trim() : "";
  const protocol = forwarded || ((req.socket as { encrypted?: boolean }).encrypted ? "https" : "http");
  return origin !== `${protocol}://${req.headers.host}`;
}

function sameOriginMutations(trustProxy: boolean) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    if (isCrossSite(req, trustProxy)) {
      res.status(403).type("text/plain").send("Cross-site request refused.");
      return;
    }
    next();
  };
}

function bodySizeLimit(req: Request, res: Response, next: NextFunction) {
  const length = Number(req.get("content-length") ?? 0);
  if (length > MAX_REQUEST_BODY_BYTES) {
    res.status(413).type("text/plain").send("That request is too large.");
    return;
  }
  next();
}

interface AutosaveEndpoint {
  maxBodyBytes: number;
  handle(input: { respondentId: string; cookieHeader: string | null; body: Uint8Array | null }): Promise<{ status: number; headers: Record<string, string>; body: string }>;
}

const JSON_ENDPOINT_HEADERS = {
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
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

const AUTOSAVE_PATH = /^\/survey\/([0-9A-Za-z-]{1,64})\/answers(?:\?.*)?$/;

/**
 * The autosave endpoint, served before express and Remix: it is the hottest path (a request per
 * answer), and express's middleware chain and Remix's routing and request conversion cost more
 * than the save itself. Same service code, same checks (Origin, body limit, survey access), same
 * headers and JSON responses; any other spelling of the path falls through to the Remix route.
 */
async function serveAutosave(endpoint: AutosaveEndpoint, respondentId: string, req: IncomingMessage, res: ServerResponse, trustProxy: boolean) {
  try {
    if (isCrossSite(req, trustProxy)) {
      req.resume();
      res.writeHead(403, { ...JSON_ENDPOINT_HEADERS, "Content-Type": "text/plain; charset=utf-8" });
      res.end("Cross-site request refused.");
      return;
    }
    const body = await readBody(req, endpoint.maxBodyBytes);
    const outcome = await endpoint.handle({ respondentId, cookieHeader: req.headers.cookie ?? null, body });
    res.writeHead(outcome.status, { ...JSON_ENDPOINT_HEADERS, ...outcome.headers });
    res.end(outcome.body);
  } catch (error) {
    console.error(error);
    if (!res.headersSent) res.writeHead(500, { ...JSON_ENDPOINT_HEADERS, "Content-Type": "text/plain; charset=utf-8" });
    res.end("Something went wrong on our side.");
  }
}

/** The request listener `npm start` serves: the autosave fast path, then the express app. */
export function createRequestListener(build: ServerBuild, options: { trustProxy?: boolean } = {}) {
  const app = createHttpApp(build, options);
  const autosave = (build.entry.module as { autosaveEndpoint?: AutosaveEndpoint }).autosaveEndpoint;
  const trustProxy = options.trustProxy === true;
  return (req: IncomingMessage, res: ServerResponse) => {
    const match = autosave && req.method === "POST" && req.url ? AUTOSAVE_PATH.exec(req.url) : null;
    if (match && autosave) void serveAutosave(autosave, match[1], req, res, trustProxy);
    else app(req, res);
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
