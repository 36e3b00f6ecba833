import { randomBytes } from "node:crypto";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
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
 * a mutation from a foreign origin is refused here, for every route at once.
 */
function sameOriginMutations(req: Request, res: Response, next: NextFunction) {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  const origin = req.get("origin");
  if (origin && origin !== "null") {
    const expected = `${req.protocol}://${req.get("host")}`;
    if (origin !== expected) {
      res.status(403).type("text/plain").send("Cross-site request refused.");
      return;
    }
  } else if (origin === "null") {
    res.status(403).type("text/plain").send("Cross-site request refused.");
    return;
  }
  next();
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
  handle(input: { respondentId: string; cookieHeader: string | null; body: Uint8Array | null }): Promise<globalThis.Response>;
}

const JSON_ENDPOINT_HEADERS = {
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
};

/** Set before the Origin check, so that its refusal carries them too. */
function jsonEndpointHeaders(_req: Request, res: Response, next: NextFunction) {
  res.set(JSON_ENDPOINT_HEADERS);
  next();
}

/** Reads at most `limit` bytes of a request body; null when it is larger (the rest is discarded). */
function readBody(req: Request, limit: number): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.get("content-length") ?? 0);
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
    req.on("end", () => resolve(tooLarge ? null : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * The autosave endpoint, served before Remix: it is the hottest path (a request per answer) and
 * Remix's per-request routing and request conversion cost more than the save itself. Same
 * service code, same checks (Origin, body limit, survey access), same JSON responses.
 */
function autosaveFastPath(endpoint: AutosaveEndpoint) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const body = await readBody(req, endpoint.maxBodyBytes);
      const response = await endpoint.handle({ respondentId: String(req.params.respondentId), cookieHeader: req.get("cookie") ?? null, body });
      res.status(response.status);
      res.set(JSON_ENDPOINT_HEADERS);
      response.headers.forEach((value, name) => res.setHeader(name, value));
      res.send(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      next(error);
    }
  };
}

export function createHttpApp(build: ServerBuild, options: { trustProxy?: boolean } = {}) {
  const app = express();
  app.disable("x-powered-by");
  if (options.trustProxy) app.set("trust proxy", true);
  const autosave = (build.entry.module as { autosaveEndpoint?: AutosaveEndpoint }).autosaveEndpoint;
  if (autosave) app.post("/survey/:respondentId/answers", jsonEndpointHeaders, sameOriginMutations, autosaveFastPath(autosave));
  app.use(compression());
  app.use(securityHeaders);
  app.use(sameOriginMutations);
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
