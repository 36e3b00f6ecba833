import type { DatabaseHandle } from "../../db/client";
import { readMailConfig } from "./config.server";
import { OutboxWorker } from "./outbox-worker.server";
import { createSmtpSender } from "./transport.server";

/*
 * The running app's one outbox worker, started by app/server/start.ts when SMTP is configured. Kept
 * on globalThis, like the database handle, so the built app's services find the same one to nudge.
 */
declare global {
  // eslint-disable-next-line no-var
  var __cairnMailWorker: OutboxWorker | undefined;
}

export function startMailWorker(handle: DatabaseHandle, env: Record<string, string | undefined> = process.env): OutboxWorker | null {
  const config = readMailConfig(env);
  if (!config) return null;
  const leaseSeconds = Number(env.CAIRN_MAIL_LEASE_SECONDS);
  const pollSeconds = Number(env.CAIRN_MAIL_POLL_SECONDS);
  const worker = new OutboxWorker({
    handle,
    sender: createSmtpSender(config),
    from: config.from,
    ...(leaseSeconds > 0 ? { leaseMs: leaseSeconds * 1000 } : {}),
    ...(pollSeconds > 0 ? { pollMs: pollSeconds * 1000 } : {}),
  });
  worker.start();
  globalThis.__cairnMailWorker = worker;
  console.log(`Mail: sending through ${config.description} as ${config.from}`);
  return worker;
}

/** After a transaction that queued mail has committed: send it now rather than at the next poll. */
export function nudgeMailWorker(): void {
  globalThis.__cairnMailWorker?.nudge();
}

export async function stopMailWorker(): Promise<void> {
  const worker = globalThis.__cairnMailWorker;
  globalThis.__cairnMailWorker = undefined;
  await worker?.stop();
}
