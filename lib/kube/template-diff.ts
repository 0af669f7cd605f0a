// What changed between two pod templates, as a list of {path, before, after}: the "diff of
// the pod template" a deploy event shows (images, env, resources, command, volumes…).
import type { K } from "./objects";

export interface Change {
  path: string;
  before: unknown;
  after: unknown;
}

/** Annotations that change on every rollout restart and say nothing about the spec. */
const NOISE = new Set(["metadata.annotations.kubectl.kubernetes.io/restartedAt"]);

function flatten(value: unknown, path: string, out: Map<string, unknown>) {
  if (Array.isArray(value)) {
    // Containers, env and volumes are keyed by name so reordering isn't a change.
    const named = value.every((v) => v && typeof v === "object" && "name" in (v as object));
    value.forEach((v, i) => flatten(v, `${path}[${named ? (v as { name: string }).name : i}]`, out));
    if (value.length === 0) out.set(path, []);
  } else if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    for (const [k, v] of entries) flatten(v, path ? `${path}.${k}` : k, out);
    if (entries.length === 0 && path) out.set(path, {});
  } else {
    out.set(path, value);
  }
}

export function templateDiff(before: K | undefined, after: K | undefined): Change[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before ?? {}, "", a);
  flatten(after ?? {}, "", b);
  const changes: Change[] = [];
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(path);
    const y = b.get(path);
    if (JSON.stringify(x) !== JSON.stringify(y)) changes.push({ path, before: x ?? null, after: y ?? null });
  }
  return changes.sort((p, q) => p.path.localeCompare(q.path));
}

/** Only a restart: nothing but the restartedAt annotation changed. */
export function isRestartOnly(changes: Change[]): boolean {
  return changes.length > 0 && changes.every((c) => NOISE.has(c.path));
}

export function summarize(changes: Change[]): string {
  const imageChanges = changes.filter((c) => /^spec\.containers\[[^\]]+\]\.image$/.test(c.path));
  if (imageChanges.length) return imageChanges.map((c) => `${String(c.before ?? "∅")} → ${String(c.after)}`).join(", ");
  const areas = new Set(changes.filter((c) => !NOISE.has(c.path)).map((c) => c.path.replace(/^spec\.containers\[[^\]]+\]\./, "").split(/[.[]/)[0]));
  return `Pod template changed (${[...areas].join(", ")})`;
}
