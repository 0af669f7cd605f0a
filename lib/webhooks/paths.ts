// Which executions a webhook may start, by type, and the URL that starts each. Pure, so the
// resource page can show the URLs; lib/webhooks/executions.ts maps each name to its function
// (a unit test keeps the two equal).
import type { Provider } from "./verify";

/**
 * Komodo's webhook executions: a Build runs, a Repo clones or pulls, a Stack deploys (or deploys
 * if its commit or files changed), a Procedure runs, a ResourceSync refreshes its plan or executes
 * it (those two as their last saver, lib/authz/saved-by.ts).
 */
export const WEBHOOK_OPERATIONS = {
  build: ["run"],
  repo: ["pull", "clone"],
  stack: ["deploy", "deploy-if-changed"],
  procedure: ["run"],
  sync: ["refresh", "execute"],
} as const satisfies Record<string, readonly string[]>;

export type WebhookType = keyof typeof WEBHOOK_OPERATIONS;
export const isWebhookType = (type: string): type is WebhookType => Object.hasOwn(WEBHOOK_OPERATIONS, type);

export function webhookPath(provider: Provider, type: WebhookType, id: string, execution: string): string {
  return `/api/webhooks/${provider}/${type}/${encodeURIComponent(id)}/${execution}`;
}
