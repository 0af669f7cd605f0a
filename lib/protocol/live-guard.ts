// The browser's check of live-feed frames. The server validates what it sends with the zod
// schemas in live.ts; the browser only guards against garbage, by type, so zod (about 30 KB
// gzipped) stays out of the bundle every page loads. live.test.ts keeps the list in step.
import type { LiveServerMessage } from "./live";

export const LIVE_SERVER_TYPES: ReadonlySet<string> = new Set([
  "ready",
  "error",
  "update.log",
  "update.stage",
  "update.done",
  "update.snapshot",
  "resource.changed",
  "kube.changed",
  "alerts.changed",
]);

export function liveServerMessage(text: string): LiveServerMessage | null {
  try {
    const value = JSON.parse(text) as { type?: unknown } | null;
    return typeof value?.type === "string" && LIVE_SERVER_TYPES.has(value.type) ? (value as LiveServerMessage) : null;
  } catch {
    return null;
  }
}
