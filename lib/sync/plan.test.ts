import { describe, expect, it } from "vitest";
import { computePlan, type PlanOptions } from "./plan";
import { readDeclarations } from "./read";
import { NameIndex } from "./refs";
import type { Existing, World } from "./world";

const opts: PlanOptions = { syncId: "sync1", resetOmitted: false, deleteMissing: false, matchTags: [], includeVariables: true };

function world(...resources: Partial<Existing>[]): World {
  const index = new NameIndex();
  const map = new Map<string, Existing>();
  for (const r of resources) {
    const full: Existing = {
      type: "deployment",
      id: `id-${r.name}`,
      name: "",
      description: "",
      tags: [],
      config: {},
      info: {},
      secrets: {},
      template: false,
      ...r,
    };
    index.add(full.type, full.id, full.name);
    map.set(`${full.type}:${full.name}`, full);
  }
  return { resources: map, index, tagNames: new Map() };
}

const plan = (toml: string, w = world(), o: Partial<PlanOptions> = {}) => {
  const d = readDeclarations([{ path: "sync.toml", contents: toml }], { includeVariables: true });
  return computePlan(d.resources, d.errors, w, { ...opts, ...o }).plan;
};

describe("reading sync TOML", () => {
  it("reports a syntax error at its line and column, and applies nothing", () => {
    const p = plan(`[[server]]\nname = "a"\n\n[[deployment]]\nname = "web\n`);
    expect(p.items).toEqual([]);
    expect(p.errors).toHaveLength(1);
    expect(p.errors[0]).toMatchObject({ file: "sync.toml", line: 5 });
  });

  it("reports every problem at once, each at its line: unknown table, unknown key, wrong type, unknown reference", () => {
    const p = plan(
      [
        `[[widget]]`,
        `name = "w"`,
        `[[deployment]]`,
        `name = "web"`,
        `colour = "red"`,
        `[[deployment]]`,
        `name = "api"`,
        `[deployment.config]`,
        `server_id = "nowhere"`,
        `restart = "sometimes"`,
        `termination_timeout_seconds = "ten"`,
      ].join("\n"),
    );
    const at = p.errors.map((e) => [e.line, e.message]);
    expect(at).toContainEqual([1, expect.stringMatching(/^Unknown table widget/)]);
    expect(at).toContainEqual([5, expect.stringMatching(/^Unknown key colour in \[\[deployment\]\]/)]);
    expect(at).toContainEqual([9, "deployment api: config.serverId: there is no server named nowhere"]);
    expect(at).toContainEqual([10, expect.stringMatching(/^deployment api: config\.restart: /)]);
    expect(at).toContainEqual([11, expect.stringMatching(/^deployment api: config\.terminationTimeoutSeconds: /)]);
  });

  it("reads Komodo's shapes: environment, image from a build, procedure stages with executions", () => {
    const p = plan(
      [
        `[[build]]`,
        `name = "app"`,
        `[[deployment]]`,
        `name = "web"`,
        `[deployment.config]`,
        `image.type = "Build"`,
        `image.params.build = "app"`,
        `environment = "A = 1"`,
        `[[procedure]]`,
        `name = "release"`,
        `[[procedure.config.stage]]`,
        `name = "ship"`,
        `executions = [`,
        `  { execution.type = "BatchDeploy", execution.params.pattern = "web-*" },`,
        `  { execution.type = "Sleep", execution.params.duration_ms = 500, enabled = false },`,
        `]`,
      ].join("\n"),
    );
    expect(p.errors).toEqual([]);
    const web = p.items.find((i) => i.key === "deployment:web")!;
    expect(web.changes).toContainEqual({ path: "config.buildId", from: undefined, to: "app" });
    expect(web.changes).toContainEqual({ path: "config.env", from: undefined, to: "A=1" });
    const release = p.items.find((i) => i.key === "procedure:release")!;
    expect(release.changes[0]!.to).toEqual([
      {
        name: "ship",
        enabled: true,
        executions: [
          { operation: "Deploy", target: "web-*", params: {}, enabled: true },
          { operation: "Sleep", target: "", params: { durationMs: 500 }, enabled: false },
        ],
      },
    ]);
  });
});

describe("what a sync includes", () => {
  it("leaves [[variable]] entries alone unless the sync includes variables", () => {
    const toml = `[[variable]]\nname = "v"\nvalue = "1"\n[[server]]\nname = "s"\n`;
    expect(readDeclarations([{ path: "s.toml", contents: toml }]).resources.map((r) => r.type)).toEqual(["server"]);
    expect(readDeclarations([{ path: "s.toml", contents: toml }], { includeVariables: true }).resources.map((r) => r.type)).toEqual(["variable", "server"]);
    const managed = world({ type: "variable", name: "old", info: { syncedBy: "sync1" } });
    expect(plan("", managed, { deleteMissing: true, includeVariables: false }).items).toEqual([]);
  });
});

describe("plans", () => {
  const current = world(
    { type: "server", name: "host" },
    { name: "web", config: { serverId: "id-host", image: "nginx:1", restart: "always", network: "bridge" } },
  );

  it("keeps an omitted field by default, and shows it as an explicit reset when the sync resets omitted fields", () => {
    const toml = `[[deployment]]\nname = "web"\n[deployment.config]\nserver_id = "host"\nimage = "nginx:2"\n`;
    const kept = plan(toml, current);
    expect(kept.items.find((i) => i.key === "deployment:web")!.changes).toEqual([{ path: "config.image", from: "nginx:1", to: "nginx:2" }]);
    const reset = plan(toml, current, { resetOmitted: true });
    expect(reset.items.find((i) => i.key === "deployment:web")!.changes).toContainEqual({
      path: "config.restart",
      from: "always",
      to: "unless-stopped",
      reset: true,
    });
  });

  it("deletes only with deleteMissing, only what this sync manages, only within its match tags", () => {
    const w = world(
      { name: "mine", info: { syncedBy: "sync1" }, tags: ["team"] },
      { name: "mine-untagged", info: { syncedBy: "sync1" } },
      { name: "theirs", info: { syncedBy: "sync2" }, tags: ["team"] },
      { name: "by-hand", tags: ["team"] },
    );
    expect(plan("", w).items).toEqual([]);
    expect(plan("", w, { deleteMissing: true }).items.map((i) => i.name)).toEqual(["mine", "mine-untagged"]);
    expect(plan("", w, { deleteMissing: true, matchTags: ["team"] }).items.map((i) => [i.name, i.action])).toEqual([["mine", "delete"]]);
  });

  it("a create lists the description and tags it declares among its changes, after its config", () => {
    const p = plan(`[[procedure]]\nname = "release"\ndescription = "Ship it"\ntags = ["prod"]\n[[procedure]]\nname = "bare"\n`);
    expect(p.items.find((i) => i.key === "procedure:release")!.changes.slice(-2)).toEqual([
      { path: "description", from: undefined, to: "Ship it" },
      { path: "tags", from: undefined, to: ["prod"] },
    ]);
    expect(p.items.find((i) => i.key === "procedure:bare")!.changes).toEqual([]);
  });

  it("refuses an after cycle, naming it", () => {
    const p = plan(`[[stack]]\nname = "a"\ndeploy = true\nafter = ["b"]\n[[stack]]\nname = "b"\ndeploy = true\nafter = ["a"]\n`);
    expect(p.items).toEqual([]);
    expect(p.errors.map((e) => e.message)).toContainEqual(expect.stringMatching(/after makes a cycle: (a → b → a|b → a → b)/));
  });

  it("an unchanged world plans nothing, with the same hash each time", () => {
    const toml = `[[deployment]]\nname = "web"\n[deployment.config]\nserver_id = "host"\nimage = "nginx:1"\nrestart = "always"\n`;
    const a = plan(toml, current);
    expect(a.items.map((i) => i.action)).toEqual(["unchanged"]);
    expect(plan(toml, current).hash).toBe(a.hash);
    expect(plan(toml.replace("nginx:1", "nginx:3"), current).hash).not.toBe(a.hash);
  });
});
