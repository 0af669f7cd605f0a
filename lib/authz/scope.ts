// Authorization as a query: the rows of a resource type's table an actor may read, as a
// Prisma `where`, so a list asks the database for what the actor may see instead of loading
// every row and filtering. The `where` may be wider than the grants (a pattern such as
// "a*b*c" becomes startsWith/contains/endsWith, which ignores the order of the middle parts);
// callers still judge each row with accessOf(), so wider only costs a few rows, never access.
import "../server-only";
import type { Actor } from "./actor";
import { grantsOf } from "./authorize";
import type { Grant } from "./evaluate";
import { isRegexPattern, matchesPattern } from "./pattern";
import { atLeast } from "./permissions";

type NameCondition = { name: { startsWith?: string; endsWith?: string; contains?: string } } | { AND: NameCondition[] } | { name: string };
export type ScopeWhere = Record<string, never> | { OR: (NameCondition | { id: { in: string[] } })[] };

const readingGrants = (grants: readonly Grant[], type: string, now: Date) =>
  grants.filter((g) => g.resourceType === type && (!g.expiresAt || g.expiresAt > now) && atLeast(g.level, "Read"));

/** A `*` wildcard pattern as name conditions: every literal part, anchored where the pattern is. */
function wildcardCondition(pattern: string): NameCondition {
  const parts = pattern.split("*");
  if (parts.length === 1) return { name: pattern };
  const conditions: NameCondition[] = [];
  if (parts[0]) conditions.push({ name: { startsWith: parts[0] } });
  if (parts[parts.length - 1]) conditions.push({ name: { endsWith: parts[parts.length - 1] } });
  for (const middle of parts.slice(1, -1)) if (middle) conditions.push({ name: { contains: middle } });
  return { AND: conditions };
}

/**
 * The `where` covering every row of `type` the actor may read, or null when it may read none.
 * `{}` means all rows (admins, or a grant on the whole type). Regex patterns can't be handed to
 * the database as they are (JavaScript and PostgreSQL regexes differ), so their matches are
 * found by reading names only (`namesOf`) and given as ids.
 */
export async function readableWhere(
  actor: Actor,
  type: string,
  namesOf: () => Promise<{ id: string; name: string }[]>,
  now = new Date(),
): Promise<ScopeWhere | null> {
  if (actor.admin) return {};
  const grants = readingGrants(await grantsOf(actor), type, now);
  if (grants.some((g) => g.targetKind === "all")) return {};
  const ids = grants.filter((g) => g.targetKind === "resource" && g.resourceId).map((g) => g.resourceId!);
  const patterns = grants.filter((g) => g.targetKind === "pattern" && g.pattern).map((g) => g.pattern!);
  const regexes = patterns.filter(isRegexPattern);
  if (regexes.length) ids.push(...(await namesOf()).filter((r) => regexes.some((p) => matchesPattern(p, r.name))).map((r) => r.id));
  const or: NonNullable<ScopeWhere>["OR"] = patterns.filter((p) => !isRegexPattern(p)).map(wildcardCondition);
  if (ids.length) or.push({ id: { in: [...new Set(ids)] } });
  return or.length ? { OR: or } : null;
}
