// How long Wheelhouse keeps what grows on its own, and the timer that prunes it: server stats
// (lib/agents/stats.ts) and the Kubernetes timeline with its resolved monitors (each cluster's
// retention setting, lib/kube/retention.ts). Started once per core process by server.ts.
import "./server-only";
import { pruneStats } from "./servers/stats";
import { pruneTimeline } from "./kube/retention";
import { logger } from "./logger";

const EVERY_MS = 10 * 60_000;

export function startRetention(): () => void {
  const prune = (what: string, fn: () => Promise<unknown>) => void fn().catch((e) => logger.error(`pruning ${what} failed`, e));
  const timer = setInterval(() => {
    prune("stats", pruneStats);
    prune("the timeline", pruneTimeline);
  }, EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
