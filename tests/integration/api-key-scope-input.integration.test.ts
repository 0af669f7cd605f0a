// Scoped API keys refuse a scope they can't honour: a Kubernetes pattern that doesn't compile
// (it would match nothing, silently locking the key out) or a public-API key asking for more
// than Read (the public API only reads). Each refusal names the field and creates no key.
import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/authz/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createApiKey, listApiKeys } from "@/lib/users/api-keys";
import { makeUser, resetDb } from "../helpers/db";

let actor: Actor;
beforeEach(async () => {
  await resetDb();
  // Keys are created from a signed-in session (an API key can't mint keys).
  actor = { ...(await makeUser()).actor, via: "session" };
});

async function refusal(body: unknown): Promise<AppError> {
  const err = await createApiKey(actor, body).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, JSON.stringify(body)).toBeInstanceOf(AppError);
  return err as AppError;
}

describe("creating a scoped API key", () => {
  it("refuses a cluster or namespace regex that doesn't compile, naming the field, and creates nothing", async () => {
    const before = await db.apiKey.count();
    const badCluster = await refusal({ name: "sync", clusters: "\\prod-(eu\\" });
    expect(badCluster.code).toBe("INVALID_INPUT");
    expect(Object.keys(badCluster.fields ?? {})).toEqual(["clusters"]);
    expect(badCluster.fields?.clusters?.[0]).toMatch(/Invalid regular expression/);

    const badNamespace = await refusal({ name: "sync", namespaces: "\\team-[a\\" });
    expect(Object.keys(badNamespace.fields ?? {})).toEqual(["namespaces"]);
    expect(badNamespace.fields?.namespaces?.[0]).toMatch(/Invalid regular expression/);

    expect(await db.apiKey.count()).toBe(before);
    expect((await listApiKeys(actor)).map((k) => k.name)).not.toContain("sync");
  });

  it("refuses a public-API key with level Write, naming maxLevel, and creates nothing", async () => {
    const before = await db.apiKey.count();
    const err = await refusal({ name: "catalog", publicApiOnly: true, maxLevel: "Write" });
    expect(err.code).toBe("INVALID_INPUT");
    expect(err.fields).toEqual({ maxLevel: ["A public-API key reads only: its level is Read"] });
    expect(await db.apiKey.count()).toBe(before);
    expect(await db.update.count()).toBe(0);
  });

  it("keeps a valid scope as given, and a public-API key without a level reads only", async () => {
    const scoped = await createApiKey(actor, { name: "team-a", clusters: "\\prod-(eu|us)\\", namespaces: "team-a-*" });
    expect(scoped).toMatchObject({ maxLevel: "Write", publicApiOnly: false, clusters: "\\prod-(eu|us)\\", namespaces: "team-a-*" });
    const catalog = await createApiKey(actor, { name: "catalog", publicApiOnly: true });
    expect(catalog).toMatchObject({ maxLevel: "Read", publicApiOnly: true, clusters: "*", namespaces: "*" });
  });
});
