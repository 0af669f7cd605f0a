// The browser's API client: one fetch wrapper and its error. URLs are built in ./urls, query
// keys in ./keys, and mutations go through ./use-api-mutation.
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
    const [field, messages] = first ?? [];
    const message = messages?.[0];
    if (!message) return e.message;
    return field !== "_" ? `${e.message}: ${field} — ${message}` : message;
  }
  return e instanceof Error ? e.message : "Something went wrong";
}
