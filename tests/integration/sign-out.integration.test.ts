// Signing out ends that session on the server: the session cookie a browser held before
// signing out (or a copy of it anywhere else) no longer authenticates, while the same user's
// other sessions carry on. Driven through next-auth's own handler with our options (its
// Node-style entry point: the App Router one reads cookies from Next's request scope, which
// exists only inside a running Next server).
import NextAuth from "next-auth";
import { WebSocket } from "ws";
import { beforeEach, expect, it } from "vitest";
import * as me from "@/app/api/v1/me/route";
import { authOptions } from "@/lib/auth/options";
import { db } from "@/lib/db";
import { startCore, until } from "../helpers/core-agent";
import { makeUser, resetDb } from "../helpers/db";
import { call } from "../helpers/routes";
import { SESSION_COOKIE } from "../helpers/session";

const PASSWORD = "correct horse battery";

beforeEach(async () => {
  await resetDb();
});

/** A cookie jar for one browser. */
class Browser {
  cookies: Record<string, string> = {};

  async auth(method: "GET" | "POST", action: string[], body?: Record<string, string>) {
    const headers = new Map<string, unknown>();
    let sent: unknown;
    const res = {
      status: () => res,
      getHeader: (k: string) => headers.get(k.toLowerCase()),
      setHeader: (k: string, v: unknown) => (headers.set(k.toLowerCase(), v), res),
      send: (b: unknown) => (sent = b),
      json: (b: unknown) => (sent = b),
      end: () => undefined,
    };
    const req = { method, query: { nextauth: action }, cookies: { ...this.cookies }, headers: { "x-wheelhouse-peer": "203.0.113.5" }, body };
    await (NextAuth as unknown as (req: unknown, res: unknown, options: unknown) => Promise<unknown>)(req, res, authOptions());
    for (const line of [headers.get("set-cookie") ?? []].flat() as string[]) {
      const [pair = ""] = line.split(";");
      const i = pair.indexOf("=");
      const value = decodeURIComponent(pair.slice(i + 1));
      if (value && !/max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies[pair.slice(0, i)] = value;
      else delete this.cookies[pair.slice(0, i)];
    }
    return sent;
  }

  async csrf() {
    return ((await this.auth("GET", ["csrf"])) as { csrfToken: string }).csrfToken;
  }

  async signIn(username: string, password: string) {
    await this.auth("POST", ["callback", "credentials"], { csrfToken: await this.csrf(), username, password, json: "true" });
    const token = this.cookies[SESSION_COOKIE];
    if (!token) throw new Error("signing in set no session cookie");
    return token;
  }

  async signOut() {
    await this.auth("POST", ["signout"], { csrfToken: await this.csrf(), json: "true" });
  }
}
const meWith = (sessionToken: string) => call(me, "GET", "/api/v1/me", { headers: { cookie: `${SESSION_COOKIE}=${sessionToken}` } });

it("signing out ends that session server-side; the user's other sessions carry on", async () => {
  const user = await makeUser({ password: PASSWORD });
  const laptop = new Browser();
  const phone = new Browser();
  const laptopToken = await laptop.signIn(user.username, PASSWORD);
  const phoneToken = await phone.signIn(user.username, PASSWORD);
  expect((await meWith(laptopToken)).status).toBe(200);

  await laptop.signOut();
  expect(laptop.cookies[SESSION_COOKIE]).toBeUndefined();
  // The cookie the laptop held (or a copy taken from it) is dead...
  const stale = await meWith(laptopToken);
  expect(stale.status).toBe(401);
  // ...the phone's session isn't, and signing in again works.
  expect((await meWith(phoneToken)).status).toBe(200);
  expect((await meWith(await laptop.signIn(user.username, PASSWORD))).status).toBe(200);
  expect(await db.revokedSession.count({ where: { userId: user.id } })).toBe(1);
});

it("signing out closes the sockets that session opened; another session's stay open", async () => {
  const core = await startCore();
  try {
    const user = await makeUser({ password: PASSWORD });
    const laptop = new Browser();
    const phone = new Browser();
    const open = async (token: string) => {
      const ws = new WebSocket(`${core.url.replace("http", "ws")}/api/ws/events`, { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
      const state: { closed?: { code: number; reason: string } } = {};
      ws.on("close", (code, reason) => (state.closed = { code, reason: String(reason) }));
      await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
      return { ws, state };
    };
    const laptopSocket = await open(await laptop.signIn(user.username, PASSWORD));
    const phoneSocket = await open(await phone.signIn(user.username, PASSWORD));

    await laptop.signOut();
    const closed = await until(async () => laptopSocket.state.closed, "the signed-out session's socket to close", 30_000);
    expect(closed).toEqual({ code: 4401, reason: "Access revoked: your session has ended: sign in again" });
    expect(phoneSocket.state.closed).toBeUndefined();
    phoneSocket.ws.close();
  } finally {
    await core.close();
  }
});
