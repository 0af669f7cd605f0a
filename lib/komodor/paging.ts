// Deterministic paging for the public API. A catalog deletes what a sync did not return, so a
// service skipped between two pages is data lost downstream: every walk is over a stable order
// and resumes from where the previous page ended, whatever is created or deleted meanwhile.
// - Cursor walks carry their position in a signed token (nothing stored).
// - Page-numbered walks (`pagination.page`) can't carry a position in a number, so page 0
//   starts a walk row, each page served records where the next one starts, and the page
//   numbers handed out encode the walk: walk × PAGE_SPAN + page, consecutive within a walk, so
//   a client that follows `meta.nextPage` and one that adds 1 both stay on their own walk.
// - Offset walks (health risks) page over the ordered ids snapshotted at offset 0.
import "../server-only";
import { createHash, createHmac } from "node:crypto";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { env } from "../env";
import { invalid } from "../errors";
import { safeEqual } from "../secrets/crypto";

/** Walks unused this long are forgotten. */
const WALK_TTL_MS = 60 * 60_000;
export const PAGE_SPAN = 10_000_000;

/** Whose walk this is: the API key, or the user when signed in. */
export const principalOf = (actor: Actor) => (actor.key ? `key:${actor.key.keyId}` : `user:${actor.id}`);

/** A stable digest of a request's filters: a position is only valid for the filters it was taken under. */
export function queryDigest(filters: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([, x]) => x !== undefined)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => [k, canonical(x)]),
          )
        : v;
  return createHash("sha256")
    .update(JSON.stringify(canonical(filters)))
    .digest("base64url")
    .slice(0, 22);
}

const sign = (payload: string) => createHmac("sha256", env.NEXTAUTH_SECRET).update(`public-api-cursor:${payload}`).digest("base64url").slice(0, 32);

export function encodeCursor(position: unknown, query: string): string {
  const payload = Buffer.from(JSON.stringify({ p: position, q: query })).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

const badToken = () =>
  invalid({ "pagination.token": ["Unknown pagination token: pass meta.token from the previous page, with the same filters"] }, "Invalid pagination token");

export function decodeCursor<T>(token: string, query: string): T {
  const [payload, mac] = token.split(".");
  if (!payload || !mac || !safeEqual(mac, sign(payload))) throw badToken();
  const { p, q } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { p: T; q: string };
  if (q !== query) throw invalid({ "pagination.token": ["This token belongs to a search with other filters"] }, "Invalid pagination token");
  return p;
}

export interface PageWalk<T> {
  /** Where the requested page starts (null: the beginning). */
  after: T | null;
  /** The page number to hand out for the page after this one. */
  next: number;
  /** Record where that next page starts. */
  mark(position: T): Promise<void>;
}

/** Resolves a page-numbered request to its walk: page 0 starts one, later pages must be ones it handed out. */
export async function pageWalk<T>(actor: Actor, query: string, pageSize: number, page: number): Promise<PageWalk<T>> {
  const principal = principalOf(actor);
  if (page === 0) {
    await db.apiPageSession.deleteMany({ where: { usedAt: { lt: new Date(Date.now() - WALK_TTL_MS) } } });
    const walk = await db.apiPageSession.create({ data: { principal, query, pageSize }, select: { id: true } });
    return walkAt<T>(walk.id, 0, null);
  }
  const walkId = BigInt(Math.floor(page / PAGE_SPAN));
  const index = page % PAGE_SPAN;
  const walk = walkId > 0n ? await db.apiPageSession.findUnique({ where: { id: walkId }, include: { marks: { where: { page: index } } } }) : null;
  const mark = walk?.marks[0];
  if (!walk || walk.principal !== principal || walk.usedAt.getTime() < Date.now() - WALK_TTL_MS || !mark) {
    throw invalid({ "pagination.page": [`Page ${page} was not handed out to this API key: start at page 0 and follow meta.nextPage`] }, "Unknown page");
  }
  if (walk.query !== query || walk.pageSize !== pageSize)
    throw invalid({ "pagination.page": ["Keep the filters and page size of the walk's first page"] }, "Unknown page");
  await db.apiPageSession.update({ where: { id: walkId }, data: { usedAt: new Date() } });
  return walkAt(walkId, index, mark.after as T);
}

function walkAt<T>(walkId: bigint, index: number, after: T | null): PageWalk<T> {
  const next = Number(walkId) * PAGE_SPAN + index + 1;
  return {
    after,
    next,
    mark: async (position) => {
      const data = { sessionId: walkId, page: index + 1, after: position as object };
      await db.apiPageMark.upsert({ where: { sessionId_page: { sessionId: walkId, page: index + 1 } }, create: data, update: { after: data.after } });
    },
  };
}

/**
 * The ordered ids an offset walk pages over: taken fresh at offset 0, reused for later offsets
 * of the same filters (the latest one this principal took within the TTL).
 */
export async function offsetSnapshot(actor: Actor, query: string, offset: number, take: () => Promise<string[]>): Promise<string[]> {
  const principal = principalOf(actor);
  const since = new Date(Date.now() - WALK_TTL_MS);
  if (offset > 0) {
    const latest = await db.apiRiskSnapshot.findFirst({
      where: { principal, query, createdAt: { gte: since } },
      orderBy: { createdAt: "desc" },
      select: { ids: true },
    });
    if (latest) return latest.ids;
  }
  const ids = await take();
  await db.apiRiskSnapshot.deleteMany({ where: { OR: [{ createdAt: { lt: since } }, { principal, query }] } });
  await db.apiRiskSnapshot.create({ data: { principal, query, ids } });
  return ids;
}
