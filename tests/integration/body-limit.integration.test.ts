// Request bodies are bounded while they stream: a chunked body with no Content-Length is
// refused with 413 as soon as it passes MAX_BODY_BYTES, with the rest never read, and a
// declared length over the limit is refused before any of it is read.
import { NextRequest } from "next/server";
import { beforeEach, expect, it } from "vitest";
import * as tags from "@/app/api/v1/tags/route";
import * as nextAuth from "@/app/api/auth/[...nextauth]/route";
import { MAX_BODY_BYTES } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { makeUser, resetDb, type TestUser } from "../helpers/db";

const CHUNK = 64 * 1024;
const TOTAL = 64 * 1024 * 1024;

let admin: TestUser;
beforeEach(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
});

/** A 64 MiB chunked body made on demand, counting how much of it the server pulled. */
function hugeStream() {
  const seen = { pulled: 0 };
  const chunk = new TextEncoder().encode(`{"name":"big","description":"${"x".repeat(CHUNK)}`.slice(0, CHUNK));
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled >= TOTAL) return controller.close();
      seen.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { body, seen };
}

async function send(
  mod: Record<string, unknown>,
  path: string,
  params: Record<string, string>,
  init: { body: ReadableStream<Uint8Array> | string; headers?: Record<string, string> },
) {
  const req = new NextRequest(new URL(path, "http://127.0.0.1:3000"), {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": admin.key, ...init.headers },
    body: init.body,
    duplex: "half",
  } as ConstructorParameters<typeof NextRequest>[1]);
  const fn = mod.POST as (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
  const res = await fn(req, { params: Promise.resolve(params) });
  return { status: res.status, json: (await res.json().catch(() => null)) as { error?: { code: string; fields?: Record<string, string[]> } } | null };
}

it("refuses a chunked body with 413 once it passes the limit, without reading the rest", async () => {
  const { body, seen } = hugeStream();
  const res = await send(tags, "/api/v1/tags", {}, { body });
  expect(res.status).toBe(413);
  expect(res.json?.error?.code).toBe("TOO_LARGE");
  expect(res.json?.error?.fields?._).toEqual([`Bodies are limited to ${MAX_BODY_BYTES / 1024} KiB`]);
  // Pulled up to the limit plus what the stream had queued ahead, never the whole 64 MiB.
  expect(seen.pulled).toBeLessThanOrEqual(MAX_BODY_BYTES + 4 * CHUNK);
  expect(await db.tag.count()).toBe(0);
});

it("refuses a declared Content-Length over the limit before reading anything", async () => {
  const { body, seen } = hugeStream();
  const res = await send(tags, "/api/v1/tags", {}, { body, headers: { "content-length": String(TOTAL) } });
  expect(res.status).toBe(413);
  expect(seen.pulled).toBeLessThanOrEqual(4 * CHUNK);
});

it("bounds the raw bodies next-auth reads itself, too", async () => {
  const { body, seen } = hugeStream();
  const res = await send(nextAuth, "/api/auth/callback/credentials", { nextauth: ["callback", "credentials"] } as never, {
    body,
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  expect(res.status).toBe(413);
  expect(seen.pulled).toBeLessThanOrEqual(MAX_BODY_BYTES + 4 * CHUNK);
});
