// Retrying a write that must land: the end of an execution, once the outcome is known, is not
// allowed to be lost because PostgreSQL restarted (or failed over) at that moment. The writes
// retried here are idempotent — each is a conditional update — so a retry of one that did land
// changes nothing.
import { logger } from "./logger";
import { Backoff } from "./protocol/reconnect";

/** Runs `write` until it succeeds, waiting 0.25 s doubling to 5 s between tries, for at most `forMs`; then throws the last error. */
export async function persist<T>(what: string, write: () => Promise<T>, forMs = 300_000): Promise<T> {
  const backoff = new Backoff({ initialMs: 250, maxMs: 5_000, jitter: 0.1 });
  const giveUpAt = Date.now() + forMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (e) {
      if (Date.now() >= giveUpAt) throw e;
      if (attempt === 1) logger.warn(`${what} failed; retrying until the database answers`, e);
      await new Promise((r) => setTimeout(r, backoff.next()));
    }
  }
}

/**
 * Errors that mean the database connection was lost or refused — what a PostgreSQL restart or
 * failover looks like to a client — rather than anything about the statement: admin shutdown
 * (57P01/57P02), not accepting connections yet (57P03/55000), connection exceptions (08xxx), a
 * refused or reset socket. The statement didn't run (a cut connection rolls its transaction back).
 */
export function isConnectionLoss(e: unknown): boolean {
  const text = e instanceof Error ? `${e.message} ${(e as { code?: string }).code ?? ""}` : String(e);
  return /\b(57P0[123]|55000|08[0-9A-Z]{3})\b|ECONNREFUSED|ECONNRESET|Connection terminated|Can't reach database|connection is closed/i.test(text);
}

/** Runs `query` again while the database is restarting, for up to `forMs`; any other error is thrown at once. */
export async function retryOnConnectionLoss<T>(query: () => Promise<T>, forMs = 30_000): Promise<T> {
  const backoff = new Backoff({ initialMs: 100, maxMs: 2_000, jitter: 0.2 });
  const giveUpAt = Date.now() + forMs;
  for (;;) {
    try {
      return await query();
    } catch (e) {
      if (!isConnectionLoss(e) || Date.now() >= giveUpAt) throw e;
      await new Promise((r) => setTimeout(r, backoff.next()));
    }
  }
}
