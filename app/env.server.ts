import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().optional(),
  SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional(),
  /** Where the generated session secret is kept when SESSION_SECRET is not set. */
  CAIRN_DATA_DIR: z.string().default("./data"),
  /** Secure cookies; defaults to on in production. Off lets a production build run on http://localhost. */
  CAIRN_SECURE_COOKIES: z.enum(["true", "false"]).optional(),
});

export type Env = z.infer<typeof EnvSchema> & { sessionSecret: string; secureCookies: boolean };

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Cairn's environment is not valid:\n${problems}`);
  }
  const env = parsed.data;
  cached = {
    ...env,
    sessionSecret: env.SESSION_SECRET ?? loadOrCreateSessionSecret(env.CAIRN_DATA_DIR),
    secureCookies: env.CAIRN_SECURE_COOKIES ? env.CAIRN_SECURE_COOKIES === "true" : env.NODE_ENV === "production",
  };
  return cached;
}

/** A secret generated on first start and kept beside the database, so sessions survive restarts. */
function loadOrCreateSessionSecret(dataDir: string): string {
  const file = resolve(dataDir, "session-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}
