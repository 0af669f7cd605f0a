// Every HTTP request gets a request id (the caller's x-request-id when it is a sane token, else a
// new one), echoed in the response, carried by every log line written while it is handled and by
// the public API's error bodies, plus one access log line — never with the query string, the
// body, cookies or the Authorization header. The server here wraps the real routes exactly as
// server.ts wraps Next's handler (withRequestContext), without Next's minutes-long dev compile.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { format } from "node:util";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as readyRoute from "@/app/api/ready/route";
import * as clustersRoute from "@/app/api/v2/clusters/route";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { withRequestContext } from "@/lib/ops/access-log";
import { until } from "../helpers/core-agent";
import { resetDb } from "../helpers/db";

type Route = { GET: (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> };
const ROUTES: Record<string, Route> = { "/api/ready": readyRoute as Route, "/api/v2/clusters": clustersRoute as Route };

async function answer(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  if (url.pathname === "/log") {
    // Code running later in the same request, after awaiting the database.
    await db.$queryRaw`SELECT pg_sleep(0.05)::text`;
    logger.warn(`inside ${url.searchParams.get("n")}`);
    return void res.writeHead(200).end();
  }
  const route = ROUTES[url.pathname];
  if (!route) return void res.writeHead(404).end();
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
  const response = await route.GET(new NextRequest(url, { headers }), { params: Promise.resolve({}) });
  response.headers.forEach((value, name) => {
    if (res.getHeader(name) === undefined) res.setHeader(name, value); // as Next's sendResponse does
  });
  res.writeHead(response.status).end(await response.text());
}

let server: http.Server;
let base: string;
let lines: string[];

beforeAll(async () => {
  server = http.createServer(
    (req, res) => void withRequestContext(req, res, () => answer(req, res).catch((e: Error) => void res.writeHead(500).end(e.message))),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(async () => {
  await resetDb();
  lines = [];
  for (const method of ["log", "info", "warn", "error"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(format(...args)));
  }
});
afterEach(() => vi.restoreAllMocks());

/** The JSON log lines captured so far. */
const logged = () => lines.flatMap((l) => l.split("\n")).flatMap((l) => (l.startsWith("{") ? [JSON.parse(l) as Record<string, unknown>] : []));

/** Waits for the access line of a request, written once its response has finished. */
const accessLine = (requestId: string) =>
  until(async () => logged().find((l) => l.message === "request" && l.requestId === requestId), `the access line of ${requestId}`, 10_000);

describe("request ids", () => {
  it("echoes a sane x-request-id and writes one access line with it, without the query string, cookies or credentials", async () => {
    const res = await fetch(`${base}/api/ready?token=query-secret`, {
      headers: { "x-request-id": "abc-123", cookie: "next-auth.session-token=cookie-secret", authorization: "Bearer auth-secret" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("abc-123");
    const line = await accessLine("abc-123");
    expect(line).toMatchObject({ level: "info", message: "request", method: "GET", path: "/api/ready", status: 200, requestId: "abc-123" });
    expect(typeof line.durationMs).toBe("number");
    const all = lines.join("\n");
    for (const secret of ["query-secret", "cookie-secret", "auth-secret", "token="]) expect(all.includes(secret), secret).toBe(false);
  });

  it("gives the public API's error body the same id as the response header and the log", async () => {
    const res = await fetch(`${base}/api/v2/clusters`, { headers: { "x-request-id": "abc-456", "x-api-key": "not-a-key" } });
    expect(res.status).toBe(401);
    expect(res.headers.get("x-request-id")).toBe("abc-456");
    expect(((await res.json()) as { error: { requestID: string } }).error.requestID).toBe("abc-456");
    expect(await accessLine("abc-456")).toMatchObject({ path: "/api/v2/clusters", status: 401 });
  });

  it("replaces an id that is not a sane token (spaces, too long, empty) with a new one", async () => {
    for (const given of ["has spaces", "x".repeat(65), 'quote"d', ""]) {
      const res = await fetch(`${base}/api/ready`, { headers: { "x-request-id": given } });
      const id = res.headers.get("x-request-id");
      expect(id, given).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
      expect(id).not.toBe(given);
      await accessLine(id!);
    }
    const none = await fetch(`${base}/api/ready`);
    expect(none.headers.get("x-request-id")).toMatch(/^[A-Za-z0-9._-]{8,64}$/);
  });

  it("tags each log line written while a request is handled with that request's id, even with requests interleaved", async () => {
    await Promise.all([
      fetch(`${base}/log?n=one`, { headers: { "x-request-id": "req-one" } }),
      fetch(`${base}/log?n=two`, { headers: { "x-request-id": "req-two" } }),
    ]);
    await accessLine("req-one");
    await accessLine("req-two");
    expect(logged().find((l) => l.message === "inside one")?.requestId).toBe("req-one");
    expect(logged().find((l) => l.message === "inside two")?.requestId).toBe("req-two");
    // Outside any request, no id.
    logger.info("outside");
    expect(logged().find((l) => l.message === "outside")).not.toHaveProperty("requestId");
  });
});
