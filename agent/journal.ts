// The agent's memory of commands it has started, kept on disk and written BEFORE a command
// runs: a command delivered twice (a core retry, a reconnect) is recognised by its
// idempotency key and never run a second time, even across agent restarts.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface JournalEntry {
  status: "running" | "done";
  success?: boolean;
  error?: string;
  /** What the command returned, so a redelivery after a lost connection gets the same answer. */
  result?: Record<string, unknown>;
  startedAt: string;
}

const MAX_ENTRIES = 2000;

export class Journal {
  private entries: Map<string, JournalEntry>;
  private readonly file: string;

  constructor(stateDir: string) {
    mkdirSync(stateDir, { recursive: true });
    this.file = path.join(stateDir, "journal.json");
    this.entries = new Map(existsSync(this.file) ? Object.entries(JSON.parse(readFileSync(this.file, "utf8")) as Record<string, JournalEntry>) : []);
  }

  get(key: string): JournalEntry | undefined {
    return this.entries.get(key);
  }

  start(key: string): void {
    this.entries.set(key, { status: "running", startedAt: new Date().toISOString() });
    this.save();
  }

  finish(key: string, success: boolean, error?: string, result?: Record<string, unknown>): void {
    const entry = this.entries.get(key);
    if (entry) Object.assign(entry, { status: "done", success, error, result });
    this.save();
  }

  private save(): void {
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    // Write-then-rename so a crash mid-write never leaves a half journal.
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(Object.fromEntries(this.entries)), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
