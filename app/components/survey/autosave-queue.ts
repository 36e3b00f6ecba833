/*
 * The respondent's side of "never lose an answer". Every change gets a per-question sequence
 * number and waits in a queue that is mirrored to localStorage, so closing the tab or losing the
 * network loses nothing; the queue sends batches, retries with back-off while offline, and forgets
 * an entry only when the server has acknowledged that exact sequence number.
 */

/** `refused`: everything sendable was sent, but the server refused some answers (onRejected said which). */
export type SaveState = "idle" | "saving" | "saved" | "refused" | "offline" | "stopped";

interface PendingEntry {
  kind: "answer" | "note";
  question: string;
  value: unknown;
  seq: number;
}

interface StoredQueue {
  entries: PendingEntry[];
  page?: number;
}

export interface AutosaveOptions {
  endpoint: string;
  storageKey: string;
  /** Sequence numbers of what the server already holds, per question (answers and notes apart). */
  serverSeqs: Record<string, number>;
  serverNoteSeqs?: Record<string, number>;
  storage?: Pick<Storage, "getItem" | "setItem" | "removeItem"> | null;
  fetch?: typeof fetch;
  onStateChange?: (state: SaveState, message?: string) => void;
  onRejected?: (question: string, message: string) => void;
  debounceMs?: number;
  maxBackoffMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

const key = (kind: PendingEntry["kind"], question: string) => `${kind}:${question}`;

export class AutosaveQueue {
  private readonly pending = new Map<string, PendingEntry>();
  private readonly seqs = new Map<string, number>();
  /** Answers the server refused and that have not been saved since: the page must not say "all saved". */
  private readonly refused = new Set<string>();
  private page: number | undefined;
  private inFlight: Promise<void> | null = null;
  private timer: unknown = null;
  private backoffMs = 0;
  private state: SaveState = "idle";
  private stopped = false;
  private readonly options: Required<Pick<AutosaveOptions, "debounceMs" | "maxBackoffMs">> & AutosaveOptions;

  constructor(options: AutosaveOptions) {
    this.options = { debounceMs: 400, maxBackoffMs: 30_000, ...options };
    for (const [q, seq] of Object.entries(options.serverSeqs)) this.seqs.set(key("answer", q), seq);
    for (const [q, seq] of Object.entries(options.serverNoteSeqs ?? {})) this.seqs.set(key("note", q), seq);
  }

  /**
   * Entries kept in this browser from an earlier visit that the server does not have yet. The
   * caller puts them back into the form; they are sent again straight away.
   */
  restoreUnsent(): { answers: Record<string, unknown>; notes: Record<string, string> } {
    const restored = { answers: {} as Record<string, unknown>, notes: {} as Record<string, string> };
    const stored = this.readStorage();
    if (!stored) return restored;
    for (const entry of stored.entries) {
      const k = key(entry.kind, entry.question);
      if (entry.seq <= (this.seqs.get(k) ?? 0)) continue; // the server already has this or newer
      this.pending.set(k, entry);
      this.seqs.set(k, entry.seq);
      if (entry.kind === "answer") restored.answers[entry.question] = entry.value;
      else restored.notes[entry.question] = String(entry.value);
    }
    if (stored.page !== undefined) this.page = stored.page;
    if (this.pending.size > 0) this.schedule(0);
    else this.writeStorage();
    return restored;
  }

  setAnswer(question: string, value: unknown) {
    this.enqueue("answer", question, value === undefined ? null : value);
  }

  setNote(question: string, note: string) {
    this.enqueue("note", question, note);
  }

  setPage(page: number) {
    this.page = page;
    this.writeStorage();
    this.schedule();
  }

  get currentState(): SaveState {
    return this.state;
  }

  get hasUnsaved(): boolean {
    return this.pending.size > 0 || this.page !== undefined;
  }

  /** Sends everything now; resolves true once the server holds every answer given so far. */
  async flush(): Promise<boolean> {
    for (let attempt = 0; attempt < 50 && this.hasUnsaved && !this.stopped; attempt++) {
      if (this.inFlight) await this.inFlight;
      else await this.send();
      if (this.state === "offline") return false;
    }
    return !this.hasUnsaved;
  }

  /** The browser came back online: try at once rather than waiting out the back-off. */
  retryNow() {
    if (this.stopped) return;
    this.backoffMs = 0;
    this.schedule(0);
  }

  /** What is still unsent, for navigator.sendBeacon when the page is closing. */
  beaconBody(): string | null {
    if (!this.hasUnsaved) return null;
    return JSON.stringify(this.requestBody([...this.pending.values()]));
  }

  private enqueue(kind: PendingEntry["kind"], question: string, value: unknown) {
    const k = key(kind, question);
    const seq = (this.seqs.get(k) ?? 0) + 1;
    this.seqs.set(k, seq);
    this.pending.set(k, { kind, question, value, seq });
    this.writeStorage();
    if (!this.stopped) this.setState(this.state === "offline" ? "offline" : "saving");
    this.schedule();
  }

  private schedule(delay = this.backoffMs || this.options.debounceMs) {
    if (this.stopped) return;
    const { setTimer = (fn, ms) => setTimeout(fn, ms), clearTimer = (h) => clearTimeout(h as ReturnType<typeof setTimeout>) } = this.options;
    if (this.timer !== null) clearTimer(this.timer);
    this.timer = setTimer(() => {
      this.timer = null;
      void this.send();
    }, delay);
  }

  private requestBody(entries: PendingEntry[]) {
    return {
      answers: entries.filter((e) => e.kind === "answer").map((e) => ({ question: e.question, value: e.value, seq: e.seq })),
      notes: entries.filter((e) => e.kind === "note").map((e) => ({ question: e.question, note: e.value, seq: e.seq })),
      ...(this.page !== undefined ? { page: this.page } : {}),
    };
  }

  private async send(): Promise<void> {
    if (this.inFlight || this.stopped || !this.hasUnsaved) return this.inFlight ?? undefined;
    const run = async () => {
      const batch = [...this.pending.values()].slice(0, 100);
      const page = this.page;
      this.setState("saving");
      let response: Response;
      try {
        response = await (this.options.fetch ?? fetch)(this.options.endpoint, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(this.requestBody(batch)),
          credentials: "same-origin",
        });
      } catch {
        return this.goOffline();
      }
      if (response.ok) {
        // Saved, or stale (the server holds a newer answer from another tab or device): either
        // way this entry is done, so it is forgotten.
        for (const entry of batch) {
          const k = key(entry.kind, entry.question);
          if (this.pending.get(k)?.seq === entry.seq) this.pending.delete(k);
          this.refused.delete(k);
        }
        if (this.page === page) this.page = undefined;
        this.backoffMs = 0;
        this.writeStorage();
        if (this.hasUnsaved) this.schedule(0);
        else this.settle();
        return;
      }
      if (response.status === 400) {
        const body = (await response.json().catch(() => ({}))) as { errors?: { question: string; message: string }[]; error?: string };
        const refused = new Set((body.errors ?? []).map((e) => e.question));
        for (const error of body.errors ?? []) this.options.onRejected?.(error.question, error.message);
        // A refused answer would be refused again: drop it. Without details, drop the whole batch.
        for (const entry of batch) {
          if (refused.size === 0 || refused.has(entry.question)) {
            const k = key(entry.kind, entry.question);
            if (this.pending.get(k)?.seq === entry.seq) this.pending.delete(k);
            this.refused.add(k);
          }
        }
        if (refused.size === 0) this.options.onRejected?.("", body.error ?? "That answer could not be saved.");
        this.writeStorage();
        if (this.hasUnsaved) this.schedule(0);
        else this.settle();
        return;
      }
      if (response.status === 429 || response.status >= 500) return this.goOffline();
      // 404/409/410/413: the link was replaced, the survey closed or completed. Keep the answers in
      // this browser and stop: retrying cannot succeed.
      const message = await response.text().catch(() => "");
      this.stopped = true;
      this.setState("stopped", (() => {
        try {
          return (JSON.parse(message) as { error?: string }).error ?? message;
        } catch {
          return message || "Your answers can no longer be saved from this page.";
        }
      })());
    };
    this.inFlight = run().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** Nothing left to send: saved, unless an answer was refused and not given again since. */
  private settle() {
    this.setState(this.refused.size > 0 ? "refused" : "saved");
  }

  private goOffline() {
    this.backoffMs = Math.min(this.options.maxBackoffMs, this.backoffMs ? this.backoffMs * 2 : 1000);
    this.setState("offline");
    this.schedule(this.backoffMs);
  }

  private setState(state: SaveState, message?: string) {
    this.state = state;
    this.options.onStateChange?.(state, message);
  }

  private readStorage(): StoredQueue | null {
    try {
      const text = this.options.storage?.getItem(this.options.storageKey);
      return text ? (JSON.parse(text) as StoredQueue) : null;
    } catch {
      return null;
    }
  }

  private writeStorage() {
    const storage = this.options.storage;
    if (!storage) return;
    try {
      if (this.pending.size === 0 && this.page === undefined) storage.removeItem(this.options.storageKey);
      else storage.setItem(this.options.storageKey, JSON.stringify({ entries: [...this.pending.values()], page: this.page } satisfies StoredQueue));
    } catch {
      // Storage full or disabled (private mode): the network path still works.
    }
  }
}
