// The typed permission vocabulary (Dub's rbac/permissions.ts). Pure: safe for client code.

export const LEVELS = ["None", "Read", "Execute", "Write"] as const;
export type Level = (typeof LEVELS)[number];

/** Permissions that a level does not imply; each must be granted by name. */
export const SPECIFIC_PERMISSIONS = ["Terminal", "Logs", "Inspect", "Attach"] as const;
export type SpecificPermission = (typeof SPECIFIC_PERMISSIONS)[number];

export const levelRank = (level: Level) => LEVELS.indexOf(level);
export const atLeast = (have: Level, need: Level) => levelRank(have) >= levelRank(need);

/** What an operation asks of its target. */
export type Permission =
  | "list" // see a collection (results are filtered to what the actor can read)
  | "read"
  | "execute"
  | "write"
  | "create"
  | "terminal"
  | "logs"
  | "inspect"
  | "attach"
  | "admin"
  | "self"; // the actor's own account (or any account, for admins)

export const PERMISSION_LEVEL: Partial<Record<Permission, Level>> = {
  read: "Read",
  execute: "Execute",
  write: "Write",
  create: "Write",
};

export const PERMISSION_SPECIFIC: Partial<Record<Permission, SpecificPermission>> = {
  terminal: "Terminal",
  logs: "Logs",
  inspect: "Inspect",
  attach: "Attach",
};

/** How a grant selects resources of its type. */
export const GRANT_TARGET_KINDS = ["resource", "all", "pattern"] as const;
export type GrantTargetKind = (typeof GRANT_TARGET_KINDS)[number];
