import { SMTPServer, type SMTPServerDataStream } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";

/*
 * A real SMTP server on loopback for the mail tests. `mode` decides how it answers DATA: accept,
 * refuse with a 5xx (or any code), or stall (never answer, like a server that hangs mid-send).
 */

export interface ReceivedMail {
  envelopeTo: string[];
  raw: string;
  parsed: ParsedMail;
}

/** accept: answers 250, or with stallAfter, stalls once that many have been accepted. */
export type SmtpMode = { kind: "accept"; stallAfter?: number } | { kind: "refuse"; code: number; message: string } | { kind: "stall" };

export interface TestSmtpServer {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Messages the server read but never answered. */
  stalled: number;
  mode: SmtpMode;
  /** Resolves once `count` messages have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpServer(mode: SmtpMode = { kind: "accept" }): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const state = { mode };
  const counts = { stalled: 0 };
  const server = new SMTPServer({
    authOptional: true,
    // No STARTTLS: the test server has no certificate a client would trust.
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    closeTimeout: 500,
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        const current = state.mode;
        if (current.kind === "stall" || (current.kind === "accept" && current.stallAfter !== undefined && received.length >= current.stallAfter)) {
          counts.stalled++;
          return; // never answers
        }
        if (current.kind === "refuse") {
          const error = Object.assign(new Error(current.message), { responseCode: current.code });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, parsed: await simpleParser(raw) });
        callback(null, "Message queued as test");
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    get stalled() {
      return counts.stalled;
    },
    get mode() {
      return state.mode;
    },
    set mode(next: SmtpMode) {
      state.mode = next;
    },
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
