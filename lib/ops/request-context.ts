// The request being handled, for code far from the HTTP layer (the logger, error bodies). An
// AsyncLocalStorage follows the request through every await. server.ts (run by tsx) and the
// route bundles Next compiles are separate module graphs, so the one store lives on
// globalThis: otherwise a route would read an empty copy of its own.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

export interface RequestContext {
  requestId: string;
}

const globalStore = globalThis as unknown as { wheelhouseRequestContext?: AsyncLocalStorage<RequestContext> };
const storage = (globalStore.wheelhouseRequestContext ??= new AsyncLocalStorage<RequestContext>());

export const REQUEST_ID_HEADER = "x-request-id";

/** A caller's id is kept only when it is a plain token: it goes into logs and headers as is. */
const SANE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The caller's x-request-id when it is sane (≤ 64 of [A-Za-z0-9._-]), else a new random id. */
export function requestIdFrom(header: string | string[] | null | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given && SANE_ID.test(given) ? given : randomUUID();
}

/** The id of the request this code runs for, or undefined outside any request. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

export function runInRequest<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}
