// How the public /api/v2 speaks HTTP: Komodor's ErrorWrapper for every error, 200 for its
// search POSTs, and a per-key rate limit counted in Postgres (so it holds across core processes).
import "../server-only";
import { NextResponse } from "next/server";
import { handler, retryHeaders, statusOf, type HandlerContext } from "../api/handler";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { env } from "../env";
import { AppError, isAppError } from "../errors";
import { logger } from "../logger";

type Params = Record<string, string | string[]>;

/** Komodor's `{ error: { code, message, requestID, fieldErrors } }`, with the HTTP status as the code. */
export function komodorError(e: unknown, where: string, requestId: string): Response {
  if (!isAppError(e)) {
    logger.error(`unhandled error in ${where}`, e);
    return NextResponse.json({ error: { code: 500, message: "Something went wrong; the server log has the details", requestID: requestId } }, { status: 500 });
  }
  const status = statusOf(e);
  const fieldErrors = Object.entries(e.fields ?? {}).flatMap(([field, messages]) => messages.map((message) => ({ field, message })));
  return NextResponse.json(
    { error: { code: status, message: e.message, requestID: requestId, ...(fieldErrors.length ? { fieldErrors } : {}) } },
    { status, headers: retryHeaders(e) },
  );
}

const WINDOW_MS = 60_000;

/**
 * Counts one request for the caller in the current minute and refuses past the limit. One
 * upsert per request; rows of past minutes are pruned when a new minute's row is created.
 */
export async function admitPublicApiCall(actor: Actor | null, limit = env.WHEELHOUSE_PUBLIC_API_RATE_PER_MINUTE, now = Date.now()): Promise<void> {
  if (!actor) return; // refused as unauthenticated right after
  const key = actor.key ? `key:${actor.key.keyId}` : `user:${actor.id}`;
  const windowStart = new Date(now - (now % WINDOW_MS));
  const [row] = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO "ApiRateWindow" ("key", "windowStart", "count") VALUES (${key}, ${windowStart}, 1)
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "ApiRateWindow"."count" + 1
    RETURNING "count"`;
  if (!row) throw new AppError("INTERNAL", "The ApiRateWindow upsert returned no row"); // INSERT … ON CONFLICT DO UPDATE RETURNING always returns one
  if (row.count === 1) await db.apiRateWindow.deleteMany({ where: { windowStart: { lt: new Date(windowStart.getTime() - WINDOW_MS) } } });
  if (row.count > limit) {
    const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_MS - now) / 1000));
    throw new AppError("RATE_LIMITED", `Rate limit of ${limit} requests per minute reached; retry in ${retryAfter} s`, undefined, retryAfter);
  }
}

type Policy<P extends Params> = Parameters<typeof handler<P>>[0];

/** A /api/v2 route: handler() with Komodor's error shape, 200 for searches and the rate limit. */
export function publicApi<P extends Params = Params>(policy: Policy<P>, fn: (ctx: HandlerContext<P>) => Promise<unknown>) {
  return handler(policy, fn, { error: komodorError, admit: (actor) => admitPublicApiCall(actor), postStatus: 200 });
}
