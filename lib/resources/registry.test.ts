import "@/tests/helpers/unit-env";
import { describe, expect, it } from "vitest";
import { NAV_GROUPS, RESOURCE_UI } from "@/components/resources/registry";
import { OMITTED_COLUMNS } from "../db";
import { Prisma } from "../generated/prisma/client";
import { PERMISSION_LEVEL, PERMISSION_SPECIFIC } from "../authz/permissions";
import { EXECUTIONS } from "./executions";
import { isResourceTypeKey, RESOURCE_TYPES, resourceType, resourceTypeByPlural } from "./registry";

/** Types whose empty config is invalid on purpose, and the field that says why. */
const NEEDS_CONFIG: Record<string, string> = { alerter: "url" };

describe("resource type registry", () => {
  it("lists twelve types with unique keys and URL segments", () => {
    expect(RESOURCE_TYPES).toHaveLength(12);
    expect(new Set(RESOURCE_TYPES.map((t) => t.key)).size).toBe(12);
    expect(new Set(RESOURCE_TYPES.map((t) => t.plural)).size).toBe(12);
  });

  it("looks types up by key and by URL segment, and nothing else", () => {
    for (const def of RESOURCE_TYPES) {
      expect(resourceType(def.key)).toBe(def);
      expect(resourceTypeByPlural(def.plural)).toBe(def);
      expect(isResourceTypeKey(def.key)).toBe(true);
    }
    expect(resourceTypeByPlural("server")).toBeUndefined();
    expect(resourceTypeByPlural("nopes")).toBeUndefined();
    expect(resourceTypeByPlural("__proto__")).toBeUndefined();
    expect(isResourceTypeKey("constructor")).toBe(false);
  });

  it("references point at registered types", () => {
    for (const def of RESOURCE_TYPES) for (const ref of def.references ?? []) expect(isResourceTypeKey(ref.type), `${def.key}.${ref.field}`).toBe(true);
  });

  it.each(RESOURCE_TYPES.map((t) => [t.key, t] as const))("%s: an empty config gets defaults, or says which field it needs", (key, def) => {
    const result = def.config.safeParse({});
    if (NEEDS_CONFIG[key]) {
      expect(result.success).toBe(false);
      expect(result.error!.issues.map((i) => i.path.join("."))).toEqual([NEEDS_CONFIG[key]]);
    } else {
      expect(result.success).toBe(true);
      expect(def.summary(result.data as never).length).toBeGreaterThan(0);
    }
  });
});

// Adding a type is two folders (lib/resources/<type>/, components/resources/<type>/) and a
// migration: everything generic is derived from them, and this fails if a piece is missing.
describe("every type declares every piece", () => {
  it.each(RESOURCE_TYPES.map((t) => [t.key, t] as const))("%s", (key, def) => {
    expect(Object.values(Prisma.ModelName), `${key}: table ${def.table} is not a model in prisma/schema.prisma`).toContain(def.table);
    const ui = RESOURCE_UI[key];
    expect(ui, `${key}: components/resources/${key}/meta.ts is not in components/resources/registry.ts`).toBeDefined();
    expect(typeof ui.icon === "function" || typeof ui.icon === "object", `${key}: icon`).toBe(true);
    expect(NAV_GROUPS, `${key}: nav group`).toContain(ui.navGroup);
    // Each declared operation has a function behind it, and nothing runs that isn't declared.
    const declared = (def.operations ?? []).map((o) => o.operation).sort();
    expect(Object.keys(EXECUTIONS[key] ?? {}).sort(), `${key}: lib/resources/${key}/executions.ts`).toEqual(declared);
    // …and asks for a permission a resource can be checked against.
    for (const op of def.operations ?? [])
      expect(op.permission in PERMISSION_LEVEL || op.permission in PERMISSION_SPECIFIC, `${key}.${op.operation}: ${op.permission}`).toBe(true);
    // A type with secret fields keeps them in a column every query omits by default.
    if (def.secrets?.length) {
      const model = (def.table.charAt(0).toLowerCase() + def.table.slice(1)) as keyof typeof OMITTED_COLUMNS;
      expect(OMITTED_COLUMNS[model], `${key}: add ${model}.secrets to OMITTED_COLUMNS in lib/db.ts`).toMatchObject({ secrets: true });
    }
  });

  it("registers no UI or executions for types that don't exist", () => {
    for (const key of [...Object.keys(RESOURCE_UI), ...Object.keys(EXECUTIONS)]) expect(isResourceTypeKey(key), key).toBe(true);
  });
});
