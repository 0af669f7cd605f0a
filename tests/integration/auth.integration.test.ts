// First-run setup, sign-up, password sign-in with its rate limit, and ending sessions.
import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as apiKeys from "@/app/api/v1/api-keys/route";
import * as me from "@/app/api/v1/me/route";
import * as mePassword from "@/app/api/v1/me/password/route";
import * as setup from "@/app/api/v1/setup/route";
import * as signup from "@/app/api/v1/signup/route";
import * as tags from "@/app/api/v1/tags/route";
import * as userItem from "@/app/api/v1/users/[id]/route";
import { resolveActor } from "@/lib/auth/actor";
import { signInWithPassword } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { api } from "../helpers/resources";
import { call } from "../helpers/routes";
import { SESSION_COOKIE, sessionHeaders, sessionToken } from "../helpers/session";

// Sign-up is off by default (auth-edges.integration.test.ts checks that); these tests use it.
vi.hoisted(() => {
  process.env.WHEELHOUSE_SIGNUP_ENABLED = "true";
});

const PASSWORD = "correct horse battery";

/** The AppError a sign-in fails with (the test fails if it succeeds). */
async function signInError(username: string, password: string, address: string): Promise<AppError> {
  const error = await signInWithPassword(username, password, address).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const actorFor = (token: string) => resolveActor({ headers: {}, cookies: { [SESSION_COOKIE]: token } });
const enable = (admin: TestUser, id: string, body: Record<string, unknown>) =>
  call(userItem, "PATCH", `/api/v1/users/${id}`, { key: admin.key, params: { id }, body });

beforeEach(async () => {
  await resetDb();
});

describe("first-run setup", () => {
  it("creates one super-admin, once, even when two setups race", async () => {
    const bad = await call(setup, "POST", "/api/v1/setup", { body: { username: "root", password: "short" } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields)).toEqual(["password"]);
    expect(await db.user.count()).toBe(0);

    const [a, b] = await Promise.all([
      call(setup, "POST", "/api/v1/setup", { body: { username: "root", password: PASSWORD } }),
      call(setup, "POST", "/api/v1/setup", { body: { username: "other-root", password: PASSWORD } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const winner = a.status === 201 ? a : b;
    expect(winner.json).toMatchObject({ enabled: true, admin: true, superAdmin: true });
    expect(winner.json).not.toHaveProperty("passwordHash");

    const again = await call(setup, "POST", "/api/v1/setup", { body: { username: "late", password: PASSWORD } });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("CONFLICT");
    expect(await db.user.count()).toBe(1);
  });
});

describe("sign-up and sign-in", () => {
  it("sign-up waits for setup, then creates a disabled user who can sign in once enabled", async () => {
    expect((await call(signup, "POST", "/api/v1/signup", { body: { username: "early", password: PASSWORD } })).status).toBe(409);
    const admin = await makeUser({ admin: true });

    const res = await call(signup, "POST", "/api/v1/signup", { body: { username: "newbie", password: PASSWORD } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ username: "newbie", enabled: false, admin: false, superAdmin: false });
    expect(res.json).not.toHaveProperty("passwordHash");
    const dup = await call(signup, "POST", "/api/v1/signup", { body: { username: "newbie", password: PASSWORD } });
    expect(dup.status).toBe(400);
    expect(Object.keys(dup.json.error.fields)).toEqual(["username"]);

    const waiting = await signInError("newbie", PASSWORD, "10.0.0.1");
    expect(waiting.code).toBe("FORBIDDEN");
    expect(waiting.message).toContain("waiting for an administrator to enable it");
    // A wrong password says nothing about whether the account exists or is enabled.
    const wrong = await signInError("newbie", "not the password", "10.0.0.1");
    const unknown = await signInError("nobody-here", "not the password", "10.0.0.1");
    expect([wrong.code, wrong.message]).toEqual(["UNAUTHENTICATED", "Wrong username or password"]);
    expect([unknown.code, unknown.message]).toEqual([wrong.code, wrong.message]);

    expect((await enable(admin, res.json.id, { enabled: true })).status).toBe(200);
    const signedIn = await signInWithPassword("newbie", PASSWORD, "10.0.0.1");
    expect(signedIn).toMatchObject({ id: res.json.id, name: "newbie" });
    expect((await db.user.findUniqueOrThrow({ where: { id: res.json.id } })).lastLoginAt).not.toBeNull();
  });

  it(`locks an address out after WHEELHOUSE_LOGIN_MAX_ATTEMPTS failures, even with the right password`, async () => {
    const victim = await makeUser({ username: "victim", password: PASSWORD });
    const bystander = await makeUser({ username: "bystander", password: PASSWORD });
    const attacker = "198.51.100.7";
    for (let i = 0; i < env.WHEELHOUSE_LOGIN_MAX_ATTEMPTS; i++) {
      expect((await signInError(victim.username, `guess-${i}`, attacker)).code).toBe("UNAUTHENTICATED");
    }
    const locked = await signInError(victim.username, PASSWORD, attacker);
    expect(locked.code).toBe("RATE_LIMITED");
    expect(locked.message).toContain("Too many failed sign-in attempts");
    // The address is locked for every username; the username only from addresses failing on it
    // (auth-edges.integration.test.ts), so its owner still gets in from elsewhere.
    expect((await signInError(bystander.username, PASSWORD, attacker)).code).toBe("RATE_LIMITED");
    expect((await signInWithPassword("victim", PASSWORD, "203.0.113.9")).id).toBe(victim.id);
    // Others are unaffected.
    expect((await signInWithPassword(bystander.username, PASSWORD, "203.0.113.9")).id).toBe(bystander.id);
  });
});

describe("sessions", () => {
  async function signedInUser() {
    const admin = await makeUser({ admin: true });
    const user = await makeUser({ password: PASSWORD });
    const { sessionVersion } = await signInWithPassword(user.username, PASSWORD, `192.0.2.${Math.floor(Math.random() * 200)}`);
    return { admin, user, token: await sessionToken(user, sessionVersion), sessionVersion };
  }

  it("a session token works until the user is disabled, and stays dead after re-enabling", async () => {
    const { admin, user, token } = await signedInUser();
    expect(await actorFor(token)).toMatchObject({ id: user.id, via: "session", maxLevel: "Write" });
    const headers = { cookie: `${SESSION_COOKIE}=${token}` };
    expect((await call(me, "GET", "/api/v1/me", { headers })).status).toBe(200);

    expect((await enable(admin, user.id, { enabled: false })).status).toBe(200);
    expect(await actorFor(token)).toBeNull();
    expect((await call(me, "GET", "/api/v1/me", { headers })).status).toBe(401);

    expect((await enable(admin, user.id, { enabled: true })).status).toBe(200);
    expect(await actorFor(token)).toBeNull();
    const { sessionVersion } = await signInWithPassword(user.username, PASSWORD, "192.0.2.250");
    expect(await actorFor(await sessionToken(user, sessionVersion))).toMatchObject({ id: user.id });
  });

  it("an admin setting a password ends existing sessions", async () => {
    const { admin, user, token } = await signedInUser();
    expect((await enable(admin, user.id, { password: "a brand new password" })).status).toBe(200);
    expect(await actorFor(token)).toBeNull();
  });

  it("changing your own password ends your sessions; a wrong current password changes nothing", async () => {
    const { user, token, sessionVersion } = await signedInUser();
    const headers = { cookie: `${SESSION_COOKIE}=${token}` };
    const wrong = await call(mePassword, "POST", "/api/v1/me/password", { headers, body: { currentPassword: "nope", newPassword: "another password" } });
    expect(wrong.status).toBe(400);
    expect(Object.keys(wrong.json.error.fields)).toEqual(["currentPassword"]);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(sessionVersion);

    const changed = await call(mePassword, "POST", "/api/v1/me/password", { headers, body: { currentPassword: PASSWORD, newPassword: "another password" } });
    expect(changed.status).toBeLessThan(300);
    expect(changed.json.ok).toBe(true);
    expect(await actorFor(token)).toBeNull();
    expect((await signInWithPassword(user.username, "another password", "192.0.2.251")).sessionVersion).toBe(sessionVersion + 1);
  });

  it("refuses tokens signed with another secret or naming no user", async () => {
    const { user } = await signedInUser();
    const forged = await encode({ token: { sub: user.id, sv: 0 }, secret: randomBytes(32).toString("hex") });
    expect(await actorFor(forged)).toBeNull();
    expect(await actorFor(await sessionToken({ id: "ghost", username: "ghost" }))).toBeNull();
    expect(await actorFor("not-a-jwt")).toBeNull();
  });

  it("cookie-authenticated writes must come from our own origin; API keys are not affected", async () => {
    const { user } = await signedInUser();
    const headers = await sessionHeaders(user, 0);
    const crossSite = await call(apiKeys, "POST", "/api/v1/api-keys", { headers: { ...headers, origin: "http://evil.example" }, body: { name: "x" } });
    expect(crossSite.status).toBe(403);
    const opaque = await call(apiKeys, "POST", "/api/v1/api-keys", { headers: { ...headers, origin: "null" }, body: { name: "y" } });
    expect(opaque.status).toBe(403);
    expect(await db.apiKey.count({ where: { userId: user.id } })).toBe(1);

    const sameSite = await call(apiKeys, "POST", "/api/v1/api-keys", {
      headers: { ...headers, origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" },
      body: { name: "z" },
    });
    expect(sameSite.status).toBe(201);
    const byKey = await call(tags, "POST", "/api/v1/tags", { key: user.key, headers: { origin: "http://evil.example" }, body: { name: "from-a-script" } });
    expect(byKey.status).toBe(201);
  });

  it("an unreadable cookie set by another app on the host doesn't break authentication", async () => {
    const { user, token } = await signedInUser();
    const cookie = `theme=%E0%A4%A; ${SESSION_COOKIE}=${token}`;
    expect((await call(me, "GET", "/api/v1/me", { headers: { cookie } })).json.id).toBe(user.id);
    expect((await api.list(user.key, "servers", { headers: { cookie: "theme=%zz" } })).status).toBe(200);
  });
});

describe("API keys", () => {
  it("are created from a session only, shown once, and work until deleted", async () => {
    const user = await makeUser();
    const byKey = await call(apiKeys, "POST", "/api/v1/api-keys", { key: user.key, body: { name: "from-a-key" } });
    expect(byKey.status).toBe(403);

    const created = await call(apiKeys, "POST", "/api/v1/api-keys", { headers: await sessionHeaders(user), body: { name: "ci", maxLevel: "Read" } });
    expect(created.status).toBe(201);
    expect(created.json.key).toMatch(/^whk_/);
    const listed = await call(apiKeys, "GET", "/api/v1/api-keys", { key: user.key });
    expect(listed.text).not.toContain(created.json.key);
    expect(await resolveActor({ headers: { "x-api-key": created.json.key }, cookies: {} })).toMatchObject({ id: user.id, via: "api-key", maxLevel: "Read" });
  });
});

describe("sign-up throttling", () => {
  it("refuses sign-ups from an address past the limit, without creating the account", async () => {
    await makeUser({ admin: true });
    const from = (address: string, username: string) =>
      call(signup, "POST", "/api/v1/signup", { body: { username, password: PASSWORD }, headers: { "x-wheelhouse-peer": address } });
    for (let i = 0; i < env.WHEELHOUSE_LOGIN_MAX_ATTEMPTS; i++) expect((await from("203.0.113.7", `spam${i}`)).status).toBe(201);
    const refused = await from("203.0.113.7", "one-too-many");
    expect(refused.status).toBe(429);
    expect(refused.json.error.message).toMatch(/Too many sign-ups/);
    expect(await db.user.findUnique({ where: { username: "one-too-many" } })).toBeNull();
    expect((await from("198.51.100.2", "elsewhere")).status).toBe(201);
  });
});
