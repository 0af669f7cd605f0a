import type { Level } from "./permissions";

/** What an API key adds on top of its user's permissions (lib/users/api-keys.ts). */
export interface KeyScope {
  keyId: string;
  /** Only the read endpoints of /api/v2 (the Komodor-compatible public API). */
  publicApiOnly: boolean;
  /** The Kubernetes clusters and namespaces the key may reach: names, `*` wildcards or `\regex\`. */
  clusters: string;
  namespaces: string;
}

/**
 * A signed webhook delivery acting (lib/webhooks): it may execute its one resource and use what
 * that resource's saved configuration references, and nothing else (authorize.ts).
 */
export interface WebhookScope {
  /** How its Updates name the operator, e.g. "GitHub webhook". */
  label: string;
  /** The first log line of its Update: provider, delivery id, ref and commit. */
  note: string;
  resource: { type: string; id: string };
  /** What the resource's config references (its Server, Builder, Credentials), checked when it was saved. */
  references: { type: string; id: string }[];
}

/** Who is acting: a signed-in user, a user through one of their API keys, or a webhook delivery. */
export interface Actor {
  id: string;
  username: string;
  admin: boolean;
  via: "session" | "api-key" | "webhook";
  /** For API keys scoped down: the highest level the key may use. */
  maxLevel: Level;
  /** Set for API keys: their public-API and Kubernetes scope. */
  key?: KeyScope;
  /** Set for webhook deliveries (via "webhook"): the one resource they may run. */
  webhook?: WebhookScope;
  /**
   * Work started on someone's behalf rather than by them at the keyboard: the Update names it
   * in `via` (e.g. "schedule"), still crediting the user whose permissions it runs with.
   */
  onBehalf?: string;
  /** A procedure step: its Update is a child of the procedure run's Update (lib/procedures). */
  parentUpdateId?: string;
}

/** A user acting with their own full permissions (a session, or work they set up, like redeploy on build). */
export function actorOfUser(user: { id: string; username: string; admin: boolean }): Actor {
  return { id: user.id, username: user.username, admin: user.admin, via: "session", maxLevel: "Write" };
}
