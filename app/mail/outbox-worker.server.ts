import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { DatabaseHandle } from "../../db/client";
import { claimDueRows, releaseClaims } from "../../db/repositories/job-claims";
import { getOrganisation } from "../../db/repositories/organisations";
import { getClaimedMessages, recordAccepted, recordFailure } from "../../db/repositories/outbox";
import type { OutboxMessage } from "../../db/schema";
import { fillSecretLink, LOGO_CID } from "./compose";
import { LONGEST_SEND_MS, type MailSender } from "./transport.server";
import { nextAttemptAt } from "./retry";
import { openSecret } from "./secret-box.server";

/*
 * Sends what the outbox holds. Each round claims a few due messages (a lease: db/repositories/
 * job-claims.ts), sends them one at a time with their stored Message-ID, and records the SMTP
 * server's answer; a failure is due again after a back-off (retry.ts).
 *
 * What a crash does: killed after the commit and before the send, the message is still due (or its
 * lease lapses), so it is sent after the restart. Killed after the server accepted it but before
 * the acceptance was recorded (a window of one UPDATE), it is sent again with the same Message-ID:
 * that is the remaining at-least-once case, which receiving servers and clients that de-duplicate by
 * Message-ID hide. stop() lets the message in flight finish, claims nothing more and releases the
 * claims it has not started, so a clean shutdown leaves nothing waiting on a lease.
 */

export interface OutboxWorkerOptions {
  handle: DatabaseHandle;
  sender: MailSender;
  from: string;
  /** How long a claim holds; must outlast one send (LONGEST_SEND_MS). */
  leaseMs?: number;
  pollMs?: number;
  batchSize?: number;
  clock?: () => Date;
  log?: (line: string) => void;
}

export class OutboxWorker {
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  readonly #options: Required<Omit<OutboxWorkerOptions, "handle" | "sender" | "from">> & Pick<OutboxWorkerOptions, "handle" | "sender" | "from">;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<unknown> | null = null;
  #stopping = false;
  #again = false;

  constructor(options: OutboxWorkerOptions) {
    this.#options = {
      leaseMs: LONGEST_SEND_MS + 60_000,
      pollMs: 10_000,
      batchSize: 10,
      clock: () => new Date(),
      log: (line) => console.log(line),
      ...options,
    };
  }

  /** Polls until stop(). */
  start(): void {
    this.#schedule(0);
  }

  /** Something was queued: look now rather than at the next poll. */
  nudge(): void {
    if (this.#stopping) return;
    if (this.#running) this.#again = true;
    else this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
    await releaseClaims(this.#options.handle.db, { table: "outbox", owner: this.owner });
  }

  #schedule(delayMs: number) {
    if (this.#stopping) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const round = this.runOnce().catch((error) => this.#options.log(`mail: outbox round failed: ${error instanceof Error ? error.message : String(error)}`));
      this.#running = round;
      void round.finally(() => {
        this.#running = null;
        const again = this.#again;
        this.#again = false;
        this.#schedule(again ? 0 : this.#options.pollMs);
      });
    }, delayMs);
    this.#timer.unref?.();
  }

  /** One round at `now` (tests inject the time): claims, sends and records. */
  async runOnce(now = this.#options.clock()): Promise<{ sent: number; failed: number }> {
    const { handle, batchSize, leaseMs } = this.#options;
    let sent = 0;
    let failed = 0;
    for (;;) {
      if (this.#stopping) break;
      const ids = await claimDueRows(handle.db, { dialect: handle.dialect, table: "outbox", owner: this.owner, now, leaseMs, limit: batchSize });
      if (ids.length === 0) break;
      for (const message of await getClaimedMessages(handle.db, { ids, owner: this.owner })) {
        if (this.#stopping) break;
        if (await this.#deliver(message, now)) sent++;
        else failed++;
      }
      if (ids.length < batchSize) break;
    }
    return { sent, failed };
  }

  async #deliver(message: OutboxMessage, now: Date): Promise<boolean> {
    const { handle, sender, from, log } = this.#options;
    const link = message.secret_ciphertext === null ? null : openSecret(message.secret_ciphertext);
    if (message.secret_ciphertext !== null && link === null) {
      // Retrying cannot help: the key changed. Say so where the consultant sees delivery state.
      await recordFailure(handle.db, { id: message.id, owner: this.owner, now, retryAt: null, reply: "Cairn could not read this message's link (its session secret changed): issue a new link." });
      log(`mail: ${message.id} (${message.kind}) given up: its link could not be decrypted`);
      return false;
    }
    const bodies = fillSecretLink({ text: message.text_body, html: message.html_body }, link);
    const organisation = message.organisation_id && message.html_body.includes(`cid:${LOGO_CID}`) ? await getOrganisation(handle.db, { organisationId: message.organisation_id }) : undefined;
    const logo = organisation?.logo_base64 && organisation.logo_mime_type ? { content: Buffer.from(organisation.logo_base64, "base64"), contentType: organisation.logo_mime_type } : null;
    const outcome = await sender.send({
      from: { name: message.from_name, address: from },
      to: message.to_address,
      replyTo: message.reply_to,
      subject: message.subject,
      ...bodies,
      messageId: message.message_id,
      logo,
    });
    // The time of the outcome, for the record; the back-off counts from the round's `now`.
    if (outcome.accepted) {
      await recordAccepted(handle.db, { id: message.id, owner: this.owner, reply: outcome.reply, now });
      log(`mail: ${message.id} (${message.kind}) accepted: ${outcome.reply}`);
      return true;
    }
    const retryAt = nextAttemptAt(message.attempts, now);
    await recordFailure(handle.db, { id: message.id, owner: this.owner, reply: outcome.reply, now, retryAt });
    log(`mail: ${message.id} (${message.kind}) failed (attempt ${message.attempts}): ${outcome.reply}${retryAt ? `; retry at ${retryAt.toISOString()}` : "; given up"}`);
    return false;
  }
}
