import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AutosaveQueue, type SaveState } from "../../app/components/survey/autosave-queue";

class MemoryStorage {
  items = new Map<string, string>();
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, v);
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
}

type Sent = { answers: { question: string; value: unknown; seq: number }[]; notes: unknown[]; page?: number };

function fakeServer() {
  const sent: Sent[] = [];
  let mode: "ok" | "down" | "slow" = "ok";
  let release: (() => void) | null = null;
  const fetchImpl = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    if (mode === "down") throw new TypeError("Failed to fetch");
    const body = JSON.parse(String(init?.body)) as Sent;
    sent.push(body);
    if (mode === "slow") await new Promise<void>((r) => (release = r));
    return new Response(JSON.stringify({ saved: body.answers }), { status: 200 });
  });
  return {
    sent,
    fetch: fetchImpl as unknown as typeof fetch,
    setMode: (m: typeof mode) => (mode = m),
    release: () => release?.(),
  };
}

describe("autosave queue", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function makeQueue(server: ReturnType<typeof fakeServer>, storage = new MemoryStorage(), serverSeqs: Record<string, number> = {}) {
    const states: SaveState[] = [];
    const rejected: [string, string][] = [];
    const queue = new AutosaveQueue({
      endpoint: "/survey/r1/answers",
      storageKey: "cairn:r1",
      serverSeqs,
      storage,
      fetch: server.fetch,
      onStateChange: (s) => states.push(s),
      onRejected: (q, m) => rejected.push([q, m]),
    });
    return { queue, states, rejected, storage };
  }

  it("batches quick changes into one save carrying increasing sequence numbers", async () => {
    const server = fakeServer();
    const { queue, states } = makeQueue(server);
    queue.setAnswer("q1", "a");
    queue.setAnswer("q1", "b");
    queue.setAnswer("q2", 3);
    await vi.advanceTimersByTimeAsync(500);
    expect(server.sent).toHaveLength(1);
    expect(server.sent[0].answers).toEqual([
      { question: "q1", value: "b", seq: 2 },
      { question: "q2", value: 3, seq: 1 },
    ]);
    expect(states.at(-1)).toBe("saved");
    expect(queue.hasUnsaved).toBe(false);
  });

  it("continues after the server's sequence numbers, so a new device's answer wins", async () => {
    const server = fakeServer();
    const { queue } = makeQueue(server, new MemoryStorage(), { q1: 7 });
    queue.setAnswer("q1", "new");
    await vi.advanceTimersByTimeAsync(500);
    expect(server.sent[0].answers[0].seq).toBe(8);
  });

  it("keeps answers while offline, retries with back-off and delivers them when the network returns", async () => {
    const server = fakeServer();
    server.setMode("down");
    const { queue, states, storage } = makeQueue(server);
    queue.setAnswer("q1", "a");
    await vi.advanceTimersByTimeAsync(500);
    expect(states).toContain("offline");
    queue.setAnswer("q2", "b");
    expect(JSON.parse(storage.getItem("cairn:r1")!).entries).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(3000);
    expect(server.sent).toHaveLength(0);
    server.setMode("ok");
    queue.retryNow();
    await vi.advanceTimersByTimeAsync(10);
    expect(server.sent.flatMap((s) => s.answers.map((a) => a.question)).sort()).toEqual(["q1", "q2"]);
    expect(states.at(-1)).toBe("saved");
    expect(storage.getItem("cairn:r1")).toBeNull();
  });

  it("does not forget a newer answer given while an older save was in flight", async () => {
    const server = fakeServer();
    server.setMode("slow");
    const { queue } = makeQueue(server);
    queue.setAnswer("q1", "old");
    await vi.advanceTimersByTimeAsync(500);
    queue.setAnswer("q1", "new");
    server.setMode("ok");
    server.release();
    await vi.advanceTimersByTimeAsync(500);
    expect(server.sent.map((s) => s.answers[0])).toEqual([
      { question: "q1", value: "old", seq: 1 },
      { question: "q1", value: "new", seq: 2 },
    ]);
    expect(queue.hasUnsaved).toBe(false);
  });

  it("restores answers kept in the browser that the server has not got, and only those", async () => {
    const storage = new MemoryStorage();
    storage.setItem(
      "cairn:r1",
      JSON.stringify({
        entries: [
          { kind: "answer", question: "q1", value: "kept offline", seq: 3 },
          { kind: "answer", question: "q2", value: "stale", seq: 1 },
        ],
        page: 2,
      }),
    );
    const server = fakeServer();
    const { queue } = makeQueue(server, storage, { q1: 2, q2: 4 });
    const restored = queue.restoreUnsent();
    expect(restored.answers).toEqual({ q1: "kept offline" });
    await vi.advanceTimersByTimeAsync(10);
    expect(server.sent[0]).toMatchObject({ answers: [{ question: "q1", value: "kept offline", seq: 3 }], page: 2 });
  });

  it("reports an answer the server refuses and still saves the others", async () => {
    const calls: Sent[] = [];
    const fetchImpl = vi.fn(async (_u: unknown, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body)) as Sent;
      calls.push(body);
      if (body.answers.some((a) => a.question === "bad")) {
        return new Response(JSON.stringify({ errors: [{ question: "bad", message: "That is not one of the answers offered." }] }), { status: 400 });
      }
      return new Response("{}", { status: 200 });
    });
    const rejected: [string, string][] = [];
    const queue = new AutosaveQueue({ endpoint: "/x", storageKey: "k", serverSeqs: {}, fetch: fetchImpl as unknown as typeof fetch, onRejected: (q, m) => rejected.push([q, m]) });
    queue.setAnswer("good", 1);
    queue.setAnswer("bad", "zzz");
    await vi.advanceTimersByTimeAsync(500);
    expect(rejected).toEqual([["bad", "That is not one of the answers offered."]]);
    expect(calls.at(-1)?.answers).toEqual([{ question: "good", value: 1, seq: 1 }]);
    expect(queue.hasUnsaved).toBe(false);
  });

  it("never says everything is saved while a refused answer has not been given again", async () => {
    const fetchImpl = vi.fn(async (_u: unknown, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body)) as Sent;
      if (body.answers.some((a) => a.value === "zzz")) return new Response(JSON.stringify({ errors: [{ question: "q", message: "That is not one of the answers offered." }] }), { status: 400 });
      return new Response(JSON.stringify({ saved: body.answers, stale: [] }), { status: 200 });
    });
    const states: SaveState[] = [];
    const queue = new AutosaveQueue({ endpoint: "/x", storageKey: "k", serverSeqs: {}, fetch: fetchImpl as unknown as typeof fetch, onStateChange: (s) => states.push(s) });
    queue.setAnswer("q", "zzz");
    await vi.advanceTimersByTimeAsync(500);
    expect(states.at(-1)).toBe("refused");
    queue.setAnswer("other", 1);
    await vi.advanceTimersByTimeAsync(500);
    expect(states.at(-1)).toBe("refused");
    queue.setAnswer("q", "fine");
    await vi.advanceTimersByTimeAsync(500);
    expect(states.at(-1)).toBe("saved");
  });

  it("treats a stale save as superseded: forgotten, not resent", async () => {
    const fetchImpl = vi.fn(async (_u: unknown, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body)) as Sent;
      return new Response(JSON.stringify({ saved: [], stale: body.answers.map((a) => ({ question: a.question, seq: a.seq })) }), { status: 200 });
    });
    const states: SaveState[] = [];
    const queue = new AutosaveQueue({ endpoint: "/x", storageKey: "k", serverSeqs: {}, fetch: fetchImpl as unknown as typeof fetch, onStateChange: (s) => states.push(s) });
    queue.setAnswer("q", "older");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    expect(queue.hasUnsaved).toBe(false);
    expect(states.at(-1)).toBe("saved");
  });

  it("stops retrying when the survey has closed, keeping the answers in the browser", async () => {
    const storage = new MemoryStorage();
    const fetchImpl = vi.fn(async () => new Response(JSON.stringify({ error: "This survey has closed." }), { status: 410 }));
    const states: [SaveState, string | undefined][] = [];
    const queue = new AutosaveQueue({ endpoint: "/x", storageKey: "k", serverSeqs: {}, storage, fetch: fetchImpl as unknown as typeof fetch, onStateChange: (s, m) => states.push([s, m]) });
    queue.setAnswer("q1", "a");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    expect(states.at(-1)).toEqual(["stopped", "This survey has closed."]);
    expect(storage.getItem("k")).not.toBeNull();
  });

  it("flush resolves true only when everything is on the server", async () => {
    const server = fakeServer();
    const { queue } = makeQueue(server);
    queue.setAnswer("q1", "a");
    queue.setPage(3);
    const flushed = queue.flush();
    await vi.advanceTimersByTimeAsync(10);
    await expect(flushed).resolves.toBe(true);
    expect(server.sent[0]).toMatchObject({ page: 3 });
  });
});
