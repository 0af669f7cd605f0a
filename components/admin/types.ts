export interface UserRow {
  id: string;
  username: string;
  email: string | null;
  provider: string;
  enabled: boolean;
  admin: boolean;
  superAdmin: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface GroupRow {
  id: string;
  name: string;
  description: string;
  members: { id: string; username: string }[];
}

export interface GrantRow {
  id: string;
  resourceType: string;
  targetKind: string;
  resourceId: string | null;
  pattern: string | null;
  level: string;
  specific: string[];
  expiresAt: string | null;
  /** The resource's name, "all", or "matching <pattern>". */
  targetName: string;
}
