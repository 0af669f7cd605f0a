// Authentication edges: where the client address comes from, throttling under parallel and
// distributed guessing, turning sign-up off, and pruning throttling rows.
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as apiKeyItem from "@/app/api/v1/api-keys/[id]/route";
import * as signup from "@/app/api/v1/signup/route";
import { signInWithPassword } from "@/lib/auth/credentials";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { db } from "@/lib/db";
import { makeUser, resetDb } from "../helpers/db";
import { call } from "../helpers/routes";

// Sign-up is off by default; these tests are about what happens when it is on.
vi.hoisted(() => {
  process.env.WHEELHOUSE_SIGNUP_ENABLED = "true";
});

const PASSWORD = "correct horse battery";

beforeEach(async () => {
  await resetDb();
});

/** How a sign-in ended: "ok" or the AppError's code. */
const outcome = (username: string, password: string, address: string) =>
  signInWithPassword(username, password, address).then(
    () => "ok",
    (e: unknown) => (e instanceof AppError ? e.code : Promise.reject(e)),
  );

describe("the client address", () => {
  it("sign-up throttling can't be dodged with a made-up X-Forwarded-For when no proxy is trusted", async () => {
    await makeUser({ admin: true });
    const from = (i: number) => ({ "x-wheelhouse-peer": "203.0.113.5", "x-forwarded-for": `198.51.100.${i}` });
    for (let i = 0; i < env.WHEELHOUSE_LOGIN_MAX_ATTEMPTS; i++) {
      const res = await call(signup, "POST", "/api/v1/signup", { headers: from(i), body: { username: `newbie${i}`, password: PASSWORD } });
      expect(res.status).toBe(201);
    }
    const refused = await call(signup, "POST", "/api/v1/signup", { headers: from(99), body: { username: "one-too-many", password: PASSWORD } });
    expect(refused.status).toBe(429);
    expect(refused.json.error.message).toContain("Too many sign-ups from this address");
  });
});

describe("login throttling", () => {
  it("parallel wrong guesses from one address get no more than WHEELHOUSE_LOGIN_MAX_ATTEMPTS password checks", async () => {
    const victim = await makeUser({ password: PASSWORD });
    const max = env.WHEELHOUSE_LOGIN_MAX_ATTEMPTS;
    const results = await Promise.all(Array.from({ length: 3 * max }, (_, i) => outcome(victim.username, `guess-${i}`, "198.51.100.7")));
    // Every guess ends as one or the other (none fails some other way, however many arrive at once)...
    expect(results.filter((r) => r !== "UNAUTHENTICATED" && r !== "RATE_LIMITED")).toEqual([]);
    // ...and at most the limit got a password check (a burst may be cut off a little early).
    expect(results.filter((r) => r === "UNAUTHENTICATED").length).toBeLessThanOrEqual(max);
    // ...and the right password from there is refused too, while the limit lasts.
    expect(await outcome(victim.username, PASSWORD, "198.51.100.7")).toBe("RATE_LIMITED");
  });

  it("a flood against one username doesn't lock its owner out from an address that isn't failing", async () => {
    const victim = await makeUser({ password: PASSWORD });
    const max = env.WHEELHOUSE_LOGIN_MAX_ATTEMPTS;
    // A distributed flood: every address stays under its own limit.
    for (let i = 0; i < max; i++) expect(await outcome(victim.username, `guess-${i}`, `198.51.100.${i}`)).toBe("UNAUTHENTICATED");
    // The owner, from home:
    expect(await outcome(victim.username, PASSWORD, "203.0.113.20")).toBe("ok");
    // Flooded again: an address that has failed on this username is refused even with the password...
    for (let i = 0; i < max; i++) expect(await outcome(victim.username, `guess-${i}`, `198.51.100.${i}`)).toBe("UNAUTHENTICATED");
    expect(await outcome(victim.username, PASSWORD, "198.51.100.0")).toBe("RATE_LIMITED");
    // ...and a fresh address gets one guess, then is refused like the others.
    expect(await outcome(victim.username, "one more guess", "192.0.2.99")).toBe("UNAUTHENTICATED");
    expect(await outcome(victim.username, PASSWORD, "192.0.2.99")).toBe("RATE_LIMITED");
    expect(await outcome(victim.username, PASSWORD, "203.0.113.21")).toBe("ok");
  });
});

describe("sign-up setting and old attempts", () => {
  it("sign-up is off unless WHEELHOUSE_SIGNUP_ENABLED is true: refused before anything is written", async () => {
    await makeUser({ admin: true });
    vi.stubEnv("WHEELHOUSE_SIGNUP_ENABLED", undefined);
    vi.resetModules();
    try {
      const route = await import("@/app/api/v1/signup/route");
      const res = await call(route, "POST", "/api/v1/signup", {
        headers: { "x-wheelhouse-peer": "203.0.113.5" },
        body: { username: "newbie", password: PASSWORD },
      });
      expect(res.status).toBe(403);
      expect(res.json.error.message).toBe("Sign-up is turned off; ask an administrator for an account");
      expect(await db.user.findUnique({ where: { username: "newbie" } })).toBeNull();
      expect(await db.loginAttempt.count()).toBe(0);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });

  it("prunes throttling rows older than the window whenever an attempt is counted", async () => {
    const user = await makeUser({ password: PASSWORD });
    const old = new Date(Date.now() - 2 * env.WHEELHOUSE_LOGIN_WINDOW_SECONDS * 1000);
    await db.loginAttempt.createMany({ data: Array.from({ length: 50 }, (_, i) => ({ key: `ip:192.0.2.${i}`, success: false, createdAt: old })) });
    const recent = await db.loginAttempt.create({ data: { key: "ip:192.0.2.200", success: false } });
    expect(await outcome(user.username, "wrong", "203.0.113.5")).toBe("UNAUTHENTICATED");
    const left = await db.loginAttempt.findMany({ select: { key: true } });
    expect(left.map((r) => r.key).sort()).toEqual([recent.key, "ip:203.0.113.5", `pair:${user.username}|203.0.113.5`, `user:${user.username}`].sort());

    await db.loginAttempt.create({ data: { key: "signup:192.0.2.1", success: true, createdAt: old } });
    expect(
      (await call(signup, "POST", "/api/v1/signup", { headers: { "x-wheelhouse-peer": "203.0.113.6" }, body: { username: "newbie", password: PASSWORD } }))
        .status,
    ).toBe(201);
    expect(await db.loginAttempt.count({ where: { key: "signup:192.0.2.1" } })).toBe(0);
  });
});

describe("API keys", () => {
  it("a key capped below Write can't manage other keys, even its owner's", async () => {
    const owner = await makeUser({ keyMaxLevel: "Read" });
    const deployKey = await db.apiKey.create({
      data: { name: "deploy", userId: owner.id, keyHash: "deploy-key-hash", prefix: "whk_deploy", maxLevel: "Write" },
    });
    for (const level of ["Read", "Execute"] as const) {
      const capped = await makeUser({ keyMaxLevel: level });
      await db.apiKey.update({ where: { id: deployKey.id }, data: { userId: capped.id } });
      const res = await call(apiKeyItem, "DELETE", `/api/v1/api-keys/${deployKey.id}`, { key: capped.key, params: { id: deployKey.id } });
      expect(res.status, level).toBe(403);
      expect(res.json.error.message).toBe(`An API key capped at ${level} can't manage API keys`);
      expect(await db.apiKey.findUnique({ where: { id: deployKey.id } }), level).not.toBeNull();
    }
    // A Write key still can.
    const full = await makeUser();
    await db.apiKey.update({ where: { id: deployKey.id }, data: { userId: full.id } });
    expect((await call(apiKeyItem, "DELETE", `/api/v1/api-keys/${deployKey.id}`, { key: full.key, params: { id: deployKey.id } })).status).toBe(204);
  });
});
