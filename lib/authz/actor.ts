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

/** Who is acting: a signed-in user, or a user through one of their API keys. */
export interface Actor {
  id: string;
  username: string;
  admin: boolean;
  via: "session" | "api-key";
  /** For API keys scoped down: the highest level the key may use. */
  maxLevel: Level;
  /** Set for API keys: their public-API and Kubernetes scope. */
  key?: KeyScope;
}
