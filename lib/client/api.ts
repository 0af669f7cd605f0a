// The browser's API client: one fetch wrapper and the TanStack Query key factories
// (Supabase Studio's pattern), so pages never write inline keys or URLs twice.
"use client";

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? "GET",
    headers: init.body === undefined ? undefined : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: "same-origin",
  });
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const error = data?.error ?? {};
    throw new ApiError(res.status, error.code ?? "HTTP", error.message ?? `Request failed (${res.status})`, error.fields);
  }
  return data as T;
}

/** The message to toast for a failed mutation, naming the first field problem when there is one. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    const first = Object.entries(e.fields)[0];
    return first && first[0] !== "_" ? `${e.message}: ${first[0]} — ${first[1][0]}` : first ? first[1][0] : e.message;
  }
  return e instanceof Error ? e.message : "Something went wrong";
}

export const resourceKeys = {
  all: ["resources"] as const,
  list: (plural: string, filters: { q?: string; tags?: string[] } = {}) => ["resources", plural, "list", filters] as const,
  lists: (plural: string) => ["resources", plural, "list"] as const,
  detail: (plural: string, id: string) => ["resources", plural, "detail", id] as const,
};

export const updateKeys = {
  all: ["updates"] as const,
  list: (filters: { targetType?: string; targetId?: string } = {}) => ["updates", "list", filters] as const,
  detail: (id: string) => ["updates", "detail", id] as const,
};

export const tagKeys = { all: ["tags"] as const };
export const searchKeys = { query: (q: string) => ["search", q] as const };
export const adminKeys = {
  users: ["admin", "users"] as const,
  groups: ["admin", "groups"] as const,
  group: (id: string) => ["admin", "groups", id] as const,
  grants: (filter: { userId?: string; userGroupId?: string }) => ["admin", "grants", filter] as const,
};
export const accountKeys = { me: ["me"] as const, apiKeys: ["me", "api-keys"] as const };
