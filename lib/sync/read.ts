// A Sync's TOML files read into declarations, with every problem found reported at once, each
// at its file, line and column: a syntax error (smol-toml's position), an unknown table, an
// unknown key in an entry, a wrong type. Configs come out in Wheelhouse's shape (camelCase,
// Komodo's differing shapes adapted) with references still by name; the plan resolves them.
import { parse, TomlError } from "smol-toml";
import type { ResourceTypeKey } from "../resources/define";
import { fromKomodo } from "./komodo";
import { renameKeys, toCamel, toSnake } from "./keys";
import { FilePositions, type Block } from "./positions";
import type { Declarations, Declared, SourcePosition, SyncError } from "./types";

export interface SourceFile {
  path: string;
  contents: string;
}

/** Each TOML table and the resource type it declares (Komodo's names). */
export const TABLES: Record<string, ResourceTypeKey> = {
  server: "server",
  deployment: "deployment",
  stack: "stack",
  build: "build",
  builder: "builder",
  repo: "repo",
  procedure: "procedure",
  alerter: "alerter",
  resource_sync: "sync",
  variable: "variable",
  credential: "credential",
  cluster: "cluster",
};
export const TABLE_OF = Object.fromEntries(Object.entries(TABLES).map(([table, type]) => [type, table])) as Record<ResourceTypeKey, string>;

const ENTRY_KEYS = ["name", "description", "tags", "deploy", "after", "config"];
const VARIABLE_KEYS = ["name", "description", "tags", "value", "is_secret"];

/** Internal to core: finds where a config field of the entry is written. */
export interface Located extends Declared {
  locate: (path: (string | number)[]) => SourcePosition;
}

/**
 * Variables and user groups are synced only when the sync includes them (Komodo's
 * include_variables / include_user_groups): otherwise their entries are left alone, as Komodo does.
 */
export function readDeclarations(
  files: SourceFile[],
  opts: { includeVariables?: boolean; includeUserGroups?: boolean } = {},
): Declarations & { resources: Located[] } {
  const resources: Located[] = [];
  const errors: SyncError[] = [];
  for (const file of files) {
    let doc: Record<string, unknown>;
    try {
      doc = parse(file.contents) as Record<string, unknown>;
    } catch (e) {
      if (!(e instanceof TomlError)) throw e;
      errors.push({ file: file.path, line: e.line, column: e.column, message: e.message.split("\n")[0]! });
      continue;
    }
    const pos = new FilePositions(file.path, file.contents);
    const fail = (at: SourcePosition, message: string) => errors.push({ ...at, message });
    for (const [table, value] of Object.entries(doc)) {
      if (table === "user_group") {
        if (opts.includeUserGroups)
          fail(pos.topLevel(table), "[[user_group]] is not supported by this version yet: turn off “include user groups” or remove it");
        continue;
      }
      if (table === "variable" && !opts.includeVariables) continue;
      const type = TABLES[table];
      if (!type) {
        fail(
          pos.topLevel(table),
          `Unknown table ${table}: declare resources as ${Object.keys(TABLES)
            .map((t) => `[[${t}]]`)
            .join(", ")} or [[user_group]]`,
        );
        continue;
      }
      if (!Array.isArray(value)) {
        fail(pos.topLevel(table), `Declare each ${table} as an [[${table}]] entry`);
        continue;
      }
      value.forEach((entry, n) => {
        const block = pos.block(table, n);
        const found = readEntry(type, table, entry, block, pos, fail);
        if (found) resources.push(found);
      });
    }
  }
  return { resources, errors };
}

function readEntry(
  type: ResourceTypeKey,
  table: string,
  entry: unknown,
  block: Block | undefined,
  pos: FilePositions,
  fail: (at: SourcePosition, message: string) => void,
): Located | null {
  const at = block ? pos.at(block.start + 1) : pos.topLevel(table);
  if (!entry || typeof entry !== "object" || Array.isArray(entry)) {
    fail(at, `Each [[${table}]] is a table`);
    return null;
  }
  const e = entry as Record<string, unknown>;
  const allowed = type === "variable" ? VARIABLE_KEYS : ENTRY_KEYS;
  let ok = true;
  const bad = (key: string, message: string) => {
    ok = false;
    fail(pos.key(block, [key]), message);
  };
  for (const key of Object.keys(e)) if (!allowed.includes(key)) bad(key, `Unknown key ${key} in [[${table}]]: expected ${allowed.join(", ")}`);
  if (typeof e.name !== "string" || !e.name.trim()) bad("name", `Each [[${table}]] needs a name`);
  if (e.description !== undefined && typeof e.description !== "string") bad("description", "description is a string");
  for (const key of ["tags", "after"])
    if (e[key] !== undefined && !(Array.isArray(e[key]) && e[key].every((t) => typeof t === "string"))) bad(key, `${key} is a list of names`);
  if (e.deploy !== undefined && typeof e.deploy !== "boolean") bad("deploy", "deploy is true or false");
  if (e.config !== undefined && (typeof e.config !== "object" || Array.isArray(e.config))) bad("config", "config is a table");
  if (type === "variable") {
    if (e.value !== undefined && typeof e.value !== "string") bad("value", "value is a string");
    if (e.is_secret !== undefined && typeof e.is_secret !== "boolean") bad("is_secret", "is_secret is true or false");
  }
  if (!ok) return null;
  const config =
    type === "variable"
      ? { ...(e.value !== undefined ? { value: e.value } : {}), ...(e.is_secret !== undefined ? { secret: e.is_secret } : {}) }
      : fromKomodo(type, renameKeys(e.config ?? {}, toCamel) as Record<string, unknown>);
  return {
    type,
    name: (e.name as string).trim(),
    description: e.description as string | undefined,
    tags: e.tags as string[] | undefined,
    deploy: (e.deploy as boolean | undefined) ?? false,
    after: (e.after as string[] | undefined) ?? [],
    config,
    at,
    locate: (path) => {
      const keys = path.map(String);
      if (type === "variable") return pos.key(block, keys[0] === "secret" ? ["is_secret"] : keys);
      return pos.key(block, keys.map(toSnake));
    },
  };
}
