// Calls the real route handlers (app/**/route.ts) in-process with a NextRequest, the way
// Next does, so tests exercise the authorization wrapper, parsing and error mapping.
import { NextRequest } from "next/server";

type RouteModule = Record<string, unknown>;
type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface CallOptions {
  key?: string;
  params?: Record<string, string>;
  body?: unknown;
  /** Raw body text, for malformed or oversized bodies. */
  rawBody?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
}

export async function call(mod: RouteModule, method: Method, path: string, opts: CallOptions = {}) {
  const fn = mod[method] as ((req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>) | undefined;
  if (!fn) throw new Error(`${path} has no ${method} handler`);
  const url = new URL(path, "http://127.0.0.1:3000");
  for (const [k, v] of Object.entries(opts.query ?? {})) for (const one of [v].flat()) url.searchParams.append(k, one);
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key) headers["x-api-key"] = opts.key;
  const bodyText = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  if (bodyText !== undefined) headers["content-type"] = "application/json";
  const req = new NextRequest(url, { method, headers, body: bodyText });
  const res = await fn(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, json: json as Record<string, any>, text, headers: Object.fromEntries(res.headers.entries()) }; // eslint-disable-line @typescript-eslint/no-explicit-any
}
