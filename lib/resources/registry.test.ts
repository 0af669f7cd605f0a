import { describe, expect, it } from "vitest";
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
