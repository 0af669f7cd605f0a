import type { Level } from "./permissions";

/** Who is acting: a signed-in user, or a user through one of their API keys. */
export interface Actor {
  id: string;
  username: string;
  admin: boolean;
  via: "session" | "api-key";
  /** For API keys scoped down: the highest level the key may use. */
  maxLevel: Level;
}
