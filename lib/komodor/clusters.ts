// GET /api/v2/clusters: the clusters the caller may view at least one namespace of (its
// Kubernetes RBAC, narrowed by its API key's scope), in Komodor's ClustersResponse shape.
import "../server-only";
import { z } from "zod";
import type { Actor } from "../authz/actor";
import { kubeAccessOf } from "../authz/kube-access";
import { db } from "../db";
import { parseInput } from "../validation";
import { queryObject } from "../api/params";

export const ZClustersQuery = z
  .object({
    clusterName: z.array(z.string().min(1).max(253)).max(100).optional(),
    /** `key:value` matches a tag named exactly that; `key` matches any tag with that key. */
    tags: z.array(z.string().min(1).max(64)).max(100).optional(),
  })
  .strict();

/**
 * Komodor tags are key/value pairs; Wheelhouse tags are names. A name written `key:value`
 * becomes { key: "value" } (the first colon splits); a plain name becomes { name: "" }.
 */
export function tagPairs(names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => (n.includes(":") ? [n.slice(0, n.indexOf(":")), n.slice(n.indexOf(":") + 1)] : [n, ""])));
}

/** The API server URL the agent reported for the cluster, if any ("" otherwise, as Komodor requires the field). */
function apiServerUrl(info: unknown): string {
  const i = (info ?? {}) as { apiServerUrl?: unknown; capabilities?: { apiServerUrl?: unknown } | null };
  const url = i.apiServerUrl ?? i.capabilities?.apiServerUrl;
  return typeof url === "string" ? url : "";
}

export async function listClusters(actor: Actor, params: URLSearchParams) {
  const q = parseInput(ZClustersQuery, queryObject(params, ["clusterName", "tags"]));
  const access = await kubeAccessOf(actor);
  const rows = await db.cluster.findMany({
    where: q.clusterName ? { name: { in: q.clusterName } } : {},
    select: { id: true, name: true, tags: true, info: true },
    orderBy: { name: "asc" },
  });
  const visible = rows.filter((c) => access.actionsSomewhere(c.name).includes("view"));
  const tagNames = new Map(
    (await db.tag.findMany({ where: { id: { in: [...new Set(visible.flatMap((c) => c.tags))] } }, select: { id: true, name: true } })).map((t) => [
      t.id,
      t.name,
    ]),
  );
  const clusters = visible.map((c) => {
    const names = c.tags.flatMap((id) => (tagNames.has(id) ? [tagNames.get(id)!] : []));
    return { name: c.name, tags: tagPairs(names), apiServerUrl: apiServerUrl(c.info), clusterId: c.id, names };
  });
  // Repeated filters widen, as Komodor's repeated clusterName does: a cluster with any listed tag matches.
  const wanted = q.tags;
  const matches = (names: string[]) =>
    !wanted || wanted.some((w) => (w.includes(":") ? names.includes(w) : names.some((n) => n === w || n.startsWith(`${w}:`))));
  return { data: { clusters: clusters.filter((c) => matches(c.names)).map(({ names: _names, ...c }) => c) } };
}
