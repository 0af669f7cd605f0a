// Which declared Deployments and Stacks deploy when a sync executes, and why: `deploy = true`
// and it is new, not running, its run-affecting config changed, its Build has a newer version,
// or something it is `after` deploys. A running Stack from git or host files deploys only if
// its files changed (deploy-if-changed decides on the agent). `after` must name something the
// sync declares, and may not loop.
import type { Located } from "./read";
import type { PlannedItem } from "./plan";
import type { SyncError } from "./types";
import type { World } from "./world";

/** Config changes that don't change what runs. */
const NOT_RUN: ReadonlySet<string> = new Set(["config.redeployOnBuild", "config.webhookEnabled", "config.webhookSecret", "config.autoPull"]);

export function deployDecisions(items: PlannedItem[], declared: Map<string, Located>, errors: SyncError[], world?: World): void {
  const byName = new Map<string, Located[]>();
  for (const d of declared.values()) byName.set(d.name, [...(byName.get(d.name) ?? []), d]);
  for (const d of declared.values())
    for (const name of d.after)
      if (!byName.has(name)) errors.push({ ...d.locate(["after"]), message: `${d.type} ${d.name}: after names ${name}, which this sync doesn't declare` });
  const order = topological(declared, byName, errors);
  if (!order) return;
  const item = new Map(items.map((i) => [i.key, i]));
  for (const d of order) {
    const it = item.get(`${d.type}:${d.name}`);
    if (!it || !d.deploy || (d.type !== "deployment" && d.type !== "stack")) continue;
    const before = d.after.flatMap((name) => byName.get(name) ?? []).find((a) => item.get(`${a.type}:${a.name}`)?.deploy.will);
    it.deploy =
      reasonToDeploy(it, world) ??
      (before ? { will: true, reason: `after ${before.name}, which deploys` } : (runningStackFromFiles(it) ?? { will: false, reason: "up to date" }));
  }
}

function reasonToDeploy(it: PlannedItem, world?: World): PlannedItem["deploy"] | null {
  if (it.action === "create") return { will: true, reason: "new" };
  const info = it.existing?.info ?? {};
  if (it.type === "deployment" && info.state !== "running") return { will: true, reason: `not running (${String(info.state ?? "never deployed")})` };
  if (it.type === "stack") {
    const services = Object.values((info.services ?? {}) as Record<string, string>);
    if (!services.length || services.some((s) => s !== "running")) return { will: true, reason: "not running" };
  }
  const changed = it.changes.filter((c) => c.path.startsWith("config.") && !NOT_RUN.has(c.path)).map((c) => c.path.slice("config.".length));
  if (changed.length) return { will: true, reason: `config changed: ${changed.join(", ")}` };
  if (it.type === "deployment") {
    const config = it.desired?.config ?? {};
    const build = typeof config.buildId === "string" && config.buildId ? world?.resources.get(`build:${config.buildId}`) : undefined;
    const latest = (build?.info.latest as { version?: string } | undefined)?.version;
    const image = (info.deployed as { image?: string } | undefined)?.image;
    if (latest && config.buildVersion === "latest" && image && !image.endsWith(`:${latest}`))
      return { will: true, reason: `build ${build!.name} has a newer version, ${latest}` };
  }
  return null;
}

function runningStackFromFiles(it: PlannedItem): PlannedItem["deploy"] | null {
  const source = it.desired?.config.source;
  if (it.type !== "stack" || (source !== "git" && source !== "host")) return null;
  return { will: true, reason: "if its files changed", ifChanged: true };
}

/** Declarations in an order where each comes after what it is `after`; null (and an error naming it) on a cycle. */
function topological(declared: Map<string, Located>, byName: Map<string, Located[]>, errors: SyncError[]): Located[] | null {
  const out: Located[] = [];
  const state = new Map<Located, "visiting" | "done">();
  const visit = (d: Located, path: Located[]): boolean => {
    if (state.get(d) === "done") return true;
    if (state.get(d) === "visiting") {
      const cycle = [...path.slice(path.indexOf(d)), d].map((x) => x.name).join(" → ");
      errors.push({ ...d.locate(["after"]), message: `after makes a cycle: ${cycle}` });
      return false;
    }
    state.set(d, "visiting");
    for (const name of d.after) for (const a of byName.get(name) ?? []) if (!visit(a, [...path, d])) return false;
    state.set(d, "done");
    out.push(d);
    return true;
  };
  for (const d of declared.values()) if (!visit(d, [])) return null;
  return out;
}
