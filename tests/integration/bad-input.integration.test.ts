// Bad resource input through the real routes, for every type: each answer is a 400 that
// names the offending field, and nothing is written (no row, no Update, no log).
import { beforeEach, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { RESOURCE_TYPES, type ResourceTypeKey } from "@/lib/resources/registry";
import { resourceDelegate } from "@/lib/resources/store";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { api, createAs, grant, MINIMAL_CONFIG, pluralOf, rowCounts, TYPES } from "../helpers/resources";

/** A config field per type and a value of the wrong type for it. */
const WRONG_TYPE: Record<ResourceTypeKey, [field: string, value: unknown]> = {
  server: ["enabled", "yes"],
  deployment: ["ports", 8080],
  stack: ["files", "compose.yaml"],
  build: ["tagLatest", "yes"],
  repo: ["branch", 5],
  procedure: ["stages", "x"],
  sync: ["managed", "no"],
  builder: ["maxConcurrentBuilds", "1"],
  alerter: ["enabled", "y"],
  variable: ["secret", "true"],
  credential: ["username", 7],
  cluster: ["timelineRetentionDays", "30"],
};

const oversized = JSON.stringify({ name: "big", description: "x".repeat(MAX_BODY_BYTES) });

interface Case {
  what: string;
  body?: unknown;
  rawBody?: string;
  fields: string[];
  /** 400 INVALID_INPUT unless said otherwise. */
  status?: number;
}

function createCases(type: ResourceTypeKey): Case[] {
  const config = MINIMAL_CONFIG[type];
  const [field, wrong] = WRONG_TYPE[type];
  return [
    { what: "a numeric name", body: { name: 42, config }, fields: ["name"] },
    { what: "no name", body: { config }, fields: ["name"] },
    { what: "a name starting with '-'", body: { name: "-web", config }, fields: ["name"] },
    { what: "a name with a space", body: { name: "my web", config }, fields: ["name"] },
    { what: "a name with a slash", body: { name: "../etc", config }, fields: ["name"] },
    { what: "a 64-character name", body: { name: "a".repeat(64), config }, fields: ["name"] },
    { what: "a string config", body: { name: "ok", config: "x" }, fields: ["config"] },
    { what: "an array config", body: { name: "ok", config: [1] }, fields: ["config"] },
    { what: `config.${field} of the wrong type`, body: { name: "ok", config: { ...config, [field]: wrong } }, fields: [`config.${field}`] },
    { what: "an unknown top-level field", body: { name: "ok", config, owner: "me" }, fields: ["owner"] },
    { what: "an unknown config field", body: { name: "ok", config: { ...config, colour: "red" } }, fields: ["config.colour"] },
    { what: "an unknown tag", body: { name: "ok", config, tags: ["no-such-tag"] }, fields: ["tags.0"] },
    { what: "a too-long description", body: { name: "ok", config, description: "d".repeat(2001) }, fields: ["description"] },
    { what: "an array body", body: [{ name: "ok" }], fields: ["_"] },
    { what: "malformed JSON", rawBody: '{"name": "ok",', fields: ["_"] },
    { what: "a body over the size limit", rawBody: oversized, fields: ["_"], status: 413 },
  ];
}

let admin: TestUser;
beforeEach(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
});

const fieldsOf = (res: { json: Record<string, any> }) => Object.keys(res.json?.error?.fields ?? {}).sort(); // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(TYPES)("$plural", ({ key, plural }) => {
  it("refuses bad create bodies, naming the field, and writes nothing", async () => {
    await createAs(admin.key, key, "taken");
    const before = await rowCounts(key);
    const cases: Case[] = [...createCases(key), { what: "a taken name", body: { name: "taken", config: MINIMAL_CONFIG[key] }, fields: ["name"] }];
    for (const c of cases) {
      const res = await api.create(admin.key, plural, c.body, c.rawBody === undefined ? {} : { rawBody: c.rawBody });
      expect(res.status, c.what).toBe(c.status ?? 400);
      expect(res.json.error.code, c.what).toBe(c.status === 413 ? "TOO_LARGE" : "INVALID_INPUT");
      expect(fieldsOf(res), c.what).toEqual(c.fields);
      expect(await rowCounts(key), c.what).toEqual(before);
    }
  });

  it("refuses bad patches, including a rename onto a taken name, and changes nothing", async () => {
    await createAs(admin.key, key, "taken");
    const target = await createAs(admin.key, key, "target");
    const row = () => resourceDelegate(db, key).findUnique({ where: { id: target.id } });
    const before = { row: await row(), counts: await rowCounts(key) };
    const [field, wrong] = WRONG_TYPE[key];
    const cases: Case[] = [
      { what: "a numeric name", body: { name: 42 }, fields: ["name"] },
      { what: "an invalid name", body: { name: "no spaces" }, fields: ["name"] },
      { what: "a taken name", body: { name: "taken", description: "renamed" }, fields: ["name"] },
      { what: "a string config", body: { config: "x" }, fields: ["config"] },
      { what: `config.${field} of the wrong type`, body: { description: "half", config: { [field]: wrong } }, fields: [`config.${field}`] },
      { what: "an unknown top-level field", body: { id: "other" }, fields: ["id"] },
      { what: "an unknown config field", body: { config: { colour: "red" } }, fields: ["config.colour"] },
      { what: "malformed JSON", rawBody: "{name:", fields: ["_"] },
      { what: "a body over the size limit", rawBody: oversized, fields: ["_"], status: 413 },
    ];
    for (const c of cases) {
      const res = await api.patch(admin.key, plural, target.id, c.body, c.rawBody === undefined ? {} : { rawBody: c.rawBody });
      expect(res.status, c.what).toBe(c.status ?? 400);
      expect(fieldsOf(res), c.what).toEqual(c.fields);
      expect({ row: await row(), counts: await rowCounts(key) }, c.what).toEqual(before);
    }
  });
});

const REFERENCES = RESOURCE_TYPES.flatMap((def) =>
  (def.references ?? []).map((ref) => ({ owner: def.key, field: ref.field, target: ref.type, many: Boolean(ref.many), key: ref.key })),
);

/** A config value naming a missing resource: an id, a list of ids, or (e.g. a Build's registries) a list of objects holding one. */
const MISSING_ITEM: Record<string, Record<string, string>> = { registries: { domain: "registry.example.com" } };

describe("references to other resources", () => {
  it.each(REFERENCES)("$owner.$field must name an existing $target", async ({ owner: type, field, many, key }) => {
    const value = key ? [{ ...MISSING_ITEM[field], [key]: "missing-id" }] : many ? ["missing-id"] : "missing-id";
    const path = key ? `config.${field}.0.${key}` : many ? `config.${field}.0` : `config.${field}`;
    const before = await rowCounts(type);
    const created = await api.create(admin.key, pluralOf(type), { name: "refs", config: { ...MINIMAL_CONFIG[type], [field]: value } });
    expect(created.status).toBe(400);
    expect(fieldsOf(created)).toEqual([path]);
    expect(created.json.error.fields[path][0]).toContain('"missing-id"');
    expect(await rowCounts(type)).toEqual(before);

    const existing = await createAs(admin.key, type, "existing");
    const afterCreate = await rowCounts(type);
    const patched = await api.patch(admin.key, pluralOf(type), existing.id, { config: { [field]: value } });
    expect(patched.status).toBe(400);
    expect(fieldsOf(patched)).toEqual([path]);
    expect(await rowCounts(type)).toEqual(afterCreate);
  });

  it("a server the user can't read is refused exactly like a missing one", async () => {
    const user = await makeUser();
    await grant({ userId: user.id }, "deployment", "Write", "all");
    const hidden = await createAs(admin.key, "server", "hidden");
    const before = await rowCounts("deployment");
    const unreadable = await api.create(user.key, "deployments", { name: "web", config: { serverId: hidden.id } });
    const missing = await api.create(user.key, "deployments", { name: "web", config: { serverId: "missing" } });
    expect(unreadable.status).toBe(400);
    expect(unreadable.json.error.fields["config.serverId"]).toEqual([`No server with id "${hidden.id}"`]);
    expect(missing.json.error.fields["config.serverId"]).toEqual(['No server with id "missing"']);
    expect(await rowCounts("deployment")).toEqual(before);
  });
});

describe("error detail", () => {
  it("multi-line fields name the bad line; every problem is reported at once", async () => {
    await createAs(admin.key, "deployment", "web");
    const res = await api.create(admin.key, "deployments", { name: "web", config: { ports: "8080:80\n\nhttp", env: "A=1\nB" } });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(["config.env", "config.ports", "name"]);
    expect(res.json.error.fields["config.ports"]).toEqual([expect.stringMatching(/^Line 3: "http" is not a valid port mapping/)]);
    expect(res.json.error.fields["config.env"]).toEqual([expect.stringMatching(/^Line 2: "B"/)]);
  });

  it("a name taken and a missing reference are reported together", async () => {
    await createAs(admin.key, "stack", "app");
    const res = await api.create(admin.key, "stacks", { name: "app", config: { serverId: "gone" } });
    expect(fieldsOf(res)).toEqual(["config.serverId", "name"]);
  });
});
