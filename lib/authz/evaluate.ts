// Pure evaluation of grants against one resource: the heart of RBAC, unit-tested on its own.
import { matchesPattern } from "./pattern";
import { LEVELS, levelRank, type GrantTargetKind, type Level, type SpecificPermission } from "./permissions";

export interface Grant {
  resourceType: string;
  targetKind: GrantTargetKind | string;
  resourceId: string | null;
  pattern: string | null;
  level: Level;
  specific: string[];
  expiresAt: Date | null;
}

export interface Access {
  level: Level;
  specific: Set<SpecificPermission>;
}

export const NO_ACCESS: Access = { level: "None", specific: new Set() };

export function grantMatches(grant: Grant, type: string, resource: { id: string; name: string }, now: Date): boolean {
  if (grant.resourceType !== type) return false;
  if (grant.expiresAt && grant.expiresAt <= now) return false;
  switch (grant.targetKind) {
    case "all":
      return true;
    case "resource":
      return grant.resourceId === resource.id;
    case "pattern":
      return grant.pattern !== null && matchesPattern(grant.pattern, resource.name);
    default:
      return false; // unknown kinds deny
  }
}

/** The union of every matching grant: the highest level and all specific permissions. */
export function accessFor(grants: readonly Grant[], type: string, resource: { id: string; name: string }, now = new Date()): Access {
  let rank = 0;
  const specific = new Set<SpecificPermission>();
  for (const grant of grants) {
    if (!grantMatches(grant, type, resource, now)) continue;
    rank = Math.max(rank, levelRank(grant.level));
    for (const s of grant.specific) specific.add(s as SpecificPermission);
  }
  // rank starts at 0 and only takes ranks of known levels, so this is always in LEVELS.
  return { level: LEVELS[rank] ?? "None", specific };
}
