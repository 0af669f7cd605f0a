// Authentication edges: where the client address comes from, throttling under parallel and
// distributed guessing, turning sign-up off, and pruning throttling rows.
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as signup from "@/app/api/v1/signup/route";
import { env } from "@/lib/env";
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
