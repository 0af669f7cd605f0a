import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { resourceTypeByPlural } from "@/lib/resources/registry";
import { urls, withQuery } from "./urls";

const ROOT = join(__dirname, "../..");

/** Every app/api/v1 route as its path segments ("[id]" matches a placeholder argument). */
function routes(dir = join(ROOT, "app/api/v1")): string[][] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routes(path);
    return entry.name === "route.ts" ? [relative(join(ROOT, "app"), dir).split("/")] : [];
  });
}

/** Every builder in `urls`, called with placeholder arguments. */
function built(node: object, name = "urls"): [string, string][] {
  return Object.entries(node).flatMap(([key, value]): [string, string][] => {
    if (typeof value === "function")
      return [[`${name}.${key}`, (value as (...a: unknown[]) => string)(...Array.from({ length: Math.max(value.length, 1) }, () => "x"))]];
    return built(value as object, `${name}.${key}`);
  });
}

describe("urls", () => {
  // A builder's own words must meet a route's static segments: "kube/job" is not served by
  // [type]/[id] just because Next would route it there; [type] takes a resource type's plural.
  it("builds only paths that an app/api/v1 route serves", () => {
    const known = routes();
    const matches = (path: string) => {
      const parts = path.split("?")[0]!.slice(1).split("/");
      return known.some(
        (route) =>
          route.length === parts.length &&
          route.every((seg, i) =>
            seg.startsWith("[") ? parts[i] === "x" || (seg === "[type]" && resourceTypeByPlural(parts[i]!) !== undefined) : seg === parts[i],
          ),
      );
    };
    const unserved = built(urls).filter(([, path]) => !matches(path));
    expect(unserved).toEqual([]);
  });

  it("drops empty query values and omits a bare ?", () => {
    expect(withQuery("/api/v1/kube/services", { clusterId: undefined })).toBe("/api/v1/kube/services");
    expect(urls.kube.health({ clusterId: "c1", status: "", severity: null, id: "m 1" })).toBe("/api/v1/kube/health?clusterId=c1&id=m+1");
    expect(urls.resources.list("stacks", { q: "web", tags: ["a", "b"] })).toBe("/api/v1/stacks?q=web&tag=a&tag=b");
    expect(urls.alerts.list({ state: "open", targetId: "s1", q: "" })).toBe("/api/v1/alerts?state=open&targetId=s1");
    expect(urls.export({ types: ["deployment", "stack"], tag: "", names: "a,b" })).toBe("/api/v1/export?types=deployment%2Cstack&names=a%2Cb");
  });

  it("encodes ids so one can't escape its path segment", () => {
    expect(urls.users.detail("a/b")).toBe("/api/v1/users/a%2Fb");
  });
});
