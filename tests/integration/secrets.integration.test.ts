// Write-only secrets (a secret Variable's value, a Credential's token, an Alerter's
// password): the plaintext must never come back out — not in any API answer, not in any
// database row, not in the server's output — and edits must not lose or expose them.
import { randomBytes } from "node:crypto";
import { format } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as updateItem from "@/app/api/v1/updates/[id]/route";
import * as updates from "@/app/api/v1/updates/route";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import type { ResourceTypeKey } from "@/lib/resources/registry";
import { revealSecret, type Ciphertexts } from "@/lib/resources/secret-fields";
import { resourceDelegate } from "@/lib/resources/store";
import { SECRET_MASK } from "@/lib/resources/view";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { api, MINIMAL_CONFIG, pluralOf } from "../helpers/resources";
import { call } from "../helpers/routes";

const fresh = (label: string) => `${label}-${randomBytes(8).toString("hex")}`;

/** One write-only field per type that has them, and a config that sets it. */
const CASES = [
  { type: "variable", field: "value", config: (v: string) => ({ secret: true, value: v }) },
  { type: "credential", field: "token", config: (v: string) => ({ kind: "registry", domain: "ghcr.io", username: "bot", token: v }) },
  { type: "alerter", field: "password", config: (v: string) => ({ ...MINIMAL_CONFIG.alerter, password: v }) },
] as const satisfies readonly { type: ResourceTypeKey; field: string; config: (v: string) => Record<string, unknown> }[];

/** Records everything written to the console and to stdout/stderr until restored. */
function captureOutput() {
  const chunks: string[] = [];
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void chunks.push(format(...args)));
  }
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, "write").mockImplementation(((chunk: unknown) => (chunks.push(String(chunk)), true)) as typeof stream.write);
  }
  return () => chunks.join("\n");
}

/** Every row of every table, as text. */
async function allRowsText(): Promise<Record<string, string>> {
  const tables = await db.$queryRaw<{ tablename: string }[]>`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`;
  const out: Record<string, string> = {};
  for (const { tablename } of tables) {
    const rows = await db.$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM "${tablename}" t`);
    out[tablename] = rows.map((r) => r.row).join("\n");
  }
  return out;
}

async function storedSecrets(type: ResourceTypeKey, id: string): Promise<Ciphertexts> {
  const row = await resourceDelegate(db, type).findUnique({ where: { id }, omit: { secrets: false } });
  return (row!.secrets ?? {}) as Ciphertexts;
}

let admin: TestUser;
beforeEach(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("secret values never come back out", () => {
  it("not in API answers, database rows or server output", async () => {
    const output = captureOutput();
    logger.info("capture-canary");
    const plaintexts: string[] = [];
    const answers: string[] = [];
    const record = <T extends { text: string }>(res: T) => (answers.push(res.text), res);

    for (const c of CASES) {
      const plural = pluralOf(c.type);
      const secret = fresh(c.type);
      plaintexts.push(secret);
      const created = record(await api.create(admin.key, plural, { name: `${c.type}-1`, config: c.config(secret) }));
      expect(created.status).toBe(201);
      expect(created.json.config[c.field]).toBe(SECRET_MASK);
      const id = created.json.id;

      expect(record(await api.get(admin.key, plural, id)).json.config[c.field]).toBe(SECRET_MASK);
      expect(record(await api.list(admin.key, plural)).json[0].config[c.field]).toBe(SECRET_MASK);
      const patched = record(await api.patch(admin.key, plural, id, { description: "edited" }));
      expect(patched.json.config[c.field]).toBe(SECRET_MASK);

      // A refused write that carries a new secret must not echo it in its error.
      const another = fresh(`${c.type}-refused`);
      plaintexts.push(another);
      const refused = record(await api.create(admin.key, plural, { name: `${c.type}-1`, config: { ...c.config(another), bogus: 1 } }));
      expect(refused.status).toBe(400);

      // Deleting one records its previous config in an Update, which must stay masked.
      const doomed = fresh(`${c.type}-deleted`);
      plaintexts.push(doomed);
      const temp = record(await api.create(admin.key, plural, { name: `${c.type}-temp`, config: c.config(doomed) }));
      expect(record(await api.remove(admin.key, plural, temp.json.id)).status).toBe(204);
    }

    const list = record(await call(updates, "GET", "/api/v1/updates", { key: admin.key, query: { limit: "200" } }));
    expect(list.json.items.length).toBe(CASES.length * 4);
    for (const u of list.json.items) {
      const detail = record(await call(updateItem, "GET", `/api/v1/updates/${u.id}`, { key: admin.key, params: { id: u.id } }));
      expect(detail.status).toBe(200);
    }
    const logText = output();
    vi.restoreAllMocks();

    const everyAnswer = answers.join("\n");
    expect(everyAnswer).toContain(SECRET_MASK);
    expect(everyAnswer).toContain("values not shown");
    expect(logText).toContain("capture-canary");
    const rows = await allRowsText();
    expect(rows.Variable).toMatch(/v1:/);
    expect(rows.UpdateLog).toContain("Secret fields set");
    for (const secret of plaintexts) {
      expect(everyAnswer.includes(secret), `${secret} in an API answer`).toBe(false);
      expect(logText.includes(secret), `${secret} in server output`).toBe(false);
      for (const [table, text] of Object.entries(rows)) expect(text.includes(secret), `${secret} in table ${table}`).toBe(false);
    }
  });
});

describe.each(CASES)("editing a $type's $field", (c) => {
  const plural = pluralOf(c.type);

  it("echoing the mask or leaving the field out keeps it; a new value replaces it", async () => {
    const original = fresh("original");
    const created = await api.create(admin.key, plural, { name: "s", config: c.config(original) });
    const id = created.json.id;
    const firstCiphertext = (await storedSecrets(c.type, id))[c.field];
    expect(revealSecret(await storedSecrets(c.type, id), c.field)).toBe(original);

    const echoed = await api.patch(admin.key, plural, id, { config: { ...created.json.config, [c.field]: SECRET_MASK } });
    expect(echoed.status).toBe(200);
    expect(echoed.json.config[c.field]).toBe(SECRET_MASK);
    expect((await storedSecrets(c.type, id))[c.field]).toBe(firstCiphertext);

    expect((await api.patch(admin.key, plural, id, { description: "no config" })).status).toBe(200);
    expect((await api.patch(admin.key, plural, id, { config: {} })).status).toBe(200);
    expect(revealSecret(await storedSecrets(c.type, id), c.field)).toBe(original);

    const replacement = fresh("replacement");
    const replaced = await api.patch(admin.key, plural, id, { config: { [c.field]: replacement } });
    expect(replaced.status).toBe(200);
    expect(replaced.text).not.toContain(replacement);
    expect(replaced.json.config[c.field]).toBe(SECRET_MASK);
    expect(revealSecret(await storedSecrets(c.type, id), c.field)).toBe(replacement);
  });
});

describe("turning a secret variable into a plain one", () => {
  it("needs a new value: without one it is a 400 on config.value and changes nothing", async () => {
    const original = fresh("original");
    const created = await api.create(admin.key, "variables", { name: "DB_PASSWORD", config: { secret: true, value: original } });
    const id = created.json.id;
    const before = await db.variable.findUniqueOrThrow({ where: { id }, omit: { secrets: false } });
    const updatesBefore = await db.update.count();

    for (const config of [{ secret: false }, { secret: false, value: SECRET_MASK }]) {
      const res = await api.patch(admin.key, "variables", id, { description: "tried", config });
      expect(res.status).toBe(400);
      expect(Object.keys(res.json.error.fields)).toEqual(["config.value"]);
      expect(res.text).not.toContain(original);
    }
    expect(await db.variable.findUniqueOrThrow({ where: { id }, omit: { secrets: false } })).toEqual(before);
    expect(await db.update.count()).toBe(updatesBefore);

    const plain = await api.patch(admin.key, "variables", id, { config: { secret: false, value: "now-public" } });
    expect(plain.status).toBe(200);
    expect(plain.json.config).toEqual({ secret: false, value: "now-public" });
    expect(await storedSecrets("variable", id)).toEqual({});
  });
});
