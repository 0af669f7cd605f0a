// Revocation reaching what is already open. A socket is authorized when it opens, and a shell
// lives on its agent long after; so whatever can take access away (disabling a user, a grant,
// a group membership or a Kubernetes policy removed, an API key revoked) calls
// `accessChanged()` once its transaction has committed, and every open socket and shell of this
// process checks its access again before that call returns. A refused socket closes with the
// reason; a refused shell ends with it.
// Scale-out note: with several core processes this fan-out moves to the bus (LISTEN/NOTIFY).
import { logger } from "../logger";

type Check = () => Promise<void>;

const globalChecks = globalThis as unknown as { wheelhouseAccessChecks?: Set<Check> };
const checks = (globalChecks.wheelhouseAccessChecks ??= new Set());

/** Registers a re-check to run whenever access may have shrunk; returns how to unregister it. */
export function onAccessChanged(check: Check): () => void {
  checks.add(check);
  return () => void checks.delete(check);
}

/**
 * Re-checks every open socket and shell, after a change that can take access away has been
 * committed. Resolves when all are done, so that once the change's request returns, the next
 * subscription or event on any socket is judged by the new rules.
 */
export async function accessChanged(): Promise<void> {
  await Promise.all([...checks].map((check) => check().catch((e) => logger.error("re-checking access after a revocation failed", e))));
}
