// Resource fixtures and calls through the generic /api/v1/[type] routes.
import * as collection from "@/app/api/v1/[type]/route";
import * as item from "@/app/api/v1/[type]/[id]/route";
import type { Level } from "@/lib/authz/permissions";
import { db } from "@/lib/db";
import { RESOURCE_TYPES, type ResourceTypeKey } from "@/lib/resources/registry";
import { resourceDelegate } from "@/lib/resources/store";
import { call, type CallOptions } from "./routes";

/**
 * A valid config per type, as small as the type allows. `{}` gets every default, except
 * where a cross-field rule needs a value (the default alerter endpoint is a webhook).
 */
export const MINIMAL_CONFIG: Record<ResourceTypeKey, Record<string, unknown>> = {
  server: {},
  deployment: {},
  stack: {},
  build: {},
  repo: {},
  procedure: {},
  sync: {},
  builder: {},
  alerter: { url: "https://alerts.example.test/hook" },
  variable: {},
  credential: {},
  cluster: {},
};

export const TYPES = RESOURCE_TYPES.map((d) => ({ key: d.key, plural: d.plural, label: d.label }));
export const pluralOf = (type: ResourceTypeKey) => TYPES.find((t) => t.key === type)!.plural;

type Extra = Omit<CallOptions, "key" | "params" | "body">;

/** Calls as the holder of `key` (undefined: anonymous, or pass a session cookie in extra.headers). */
export const api = {
  list: (key: string | undefined, plural: string, extra: Extra = {}) =>
    call(collection, "GET", `/api/v1/${plural}`, { key, params: { type: plural }, ...extra }),
  create: (key: string | undefined, plural: string, body: unknown, extra: Extra = {}) =>
    call(collection, "POST", `/api/v1/${plural}`, { key, params: { type: plural }, body, ...extra }),
  get: (key: string | undefined, plural: string, id: string, extra: Extra = {}) =>
    call(item, "GET", `/api/v1/${plural}/${id}`, { key, params: { type: plural, id }, ...extra }),
  patch: (key: string | undefined, plural: string, id: string, body: unknown, extra: Extra = {}) =>
    call(item, "PATCH", `/api/v1/${plural}/${id}`, { key, params: { type: plural, id }, body, ...extra }),
  remove: (key: string | undefined, plural: string, id: string, extra: Extra = {}) =>
    call(item, "DELETE", `/api/v1/${plural}/${id}`, { key, params: { type: plural, id }, ...extra }),
};

export interface Created {
  id: string;
  name: string;
  [field: string]: unknown;
}

/** Creates through the API and fails the test with the server's answer if that doesn't work. */
export async function createAs(key: string, type: ResourceTypeKey, name: string, config: Record<string, unknown> = MINIMAL_CONFIG[type]): Promise<Created> {
  const res = await api.create(key, pluralOf(type), { name, config });
  if (res.status !== 201) throw new Error(`creating ${type} ${name} answered ${res.status}: ${res.text}`);
  return res.json as Created;
}

export type GrantTarget = { id: string } | { pattern: string } | "all";

/** Writes a grant straight into the database (the permissions API refuses expired ones). */
export function grant(
  to: { userId: string } | { userGroupId: string },
  type: ResourceTypeKey,
  level: Level,
  target: GrantTarget,
  opts: { specific?: string[]; expiresAt?: Date } = {},
) {
  const kind = target === "all" ? "all" : "id" in target ? "resource" : "pattern";
  return db.permission.create({
    data: {
      ...to,
      resourceType: type,
      targetKind: kind,
      resourceId: typeof target === "object" && "id" in target ? target.id : null,
      pattern: typeof target === "object" && "pattern" in target ? target.pattern : null,
      level,
      specific: opts.specific ?? [],
      expiresAt: opts.expiresAt ?? null,
    },
  });
}

/** Rows that a refused write must leave untouched. */
export async function rowCounts(type: ResourceTypeKey) {
  return { resources: await resourceDelegate(db, type).count(), updates: await db.update.count(), logs: await db.updateLog.count() };
}
