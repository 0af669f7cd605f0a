// Waiting for an Update to end, wherever it runs: its end is published on the bus (from any
// core, lib/realtime/bus.ts), and read from the database at the start and every few seconds, so
// an end published before the wait began, or lost with a core, is still seen.
import { db } from "../db";
import { subscribe } from "../realtime/bus";

const RECHECK_MS = 3_000;

export interface UpdateEnd {
  success: boolean;
  error: string | null;
}

/** Resolves with the Update's outcome; with null if `signal` aborts first. */
export function waitForEnd(updateId: string, signal?: AbortSignal): Promise<UpdateEnd | null> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (end: UpdateEnd | null) => {
      if (done) return;
      done = true;
      unsubscribe();
      clearInterval(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve(end);
    };
    const unsubscribe = subscribe((event) => {
      if (event.type === "update.done" && event.updateId === updateId) finish({ success: event.success, error: event.error });
    });
    const check = () =>
      void db.update
        .findUnique({ where: { id: updateId }, select: { status: true, success: true, error: true } })
        .then((u) => {
          if (!u) finish({ success: false, error: "The Update no longer exists" });
          else if (u.status === "Complete") finish({ success: u.success === true, error: u.error });
        })
        .catch(() => {}); // the next check, or the bus, tells
    const timer = setInterval(check, RECHECK_MS);
    const onAbort = () => finish(null);
    signal?.addEventListener("abort", onAbort, { once: true });
    if (signal?.aborted) return finish(null);
    check();
  });
}
