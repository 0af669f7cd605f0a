// One service in detail: summary, pods, and what the user may do to it (the UI hides the
// rest; the action endpoint enforces it again).
import "../server-only";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { kubeAccessOf } from "../authz/kube-access";
import { KUBE_ACTIONS, type KubeAction } from "../authz/kube";
import { db } from "../db";
import { AppError } from "../errors";
import { presenceOf } from "../agents/relay";
import { autoscalerOf, autoscalerView, listServices, podsOfService, podView } from "./catalog";
import { parseKomodorUid } from "./objects";

export async function serviceDetail(actor: Actor, uid: string) {
  const parsed = parseKomodorUid(uid);
  if (!parsed) throw new AppError("NOT_FOUND", "Service not found");
  await authorize(actor, "read", { kind: "kube", cluster: parsed.cluster, namespace: parsed.namespace, action: "view" });
  const cluster = await db.cluster.findUnique({ where: { name: parsed.cluster }, select: { id: true, agentId: true } });
  const service = cluster && (await listServices(actor, { clusterId: cluster.id, namespace: parsed.namespace })).find((s) => s.komodorUid === uid);
  if (!cluster || !service) throw new AppError("NOT_FOUND", "Service not found");
  const access = await kubeAccessOf(actor);
  const allowed: KubeAction[] = KUBE_ACTIONS.filter((a) => access.allows(parsed.cluster, parsed.namespace, a));
  const capabilities = (cluster.agentId && (await presenceOf(cluster.agentId))?.capabilities?.kubernetes) || null;
  const pods = (await podsOfService(cluster.id, parsed.kind, parsed.namespace, parsed.name)).map(podView);
  const hpa = await autoscalerOf(cluster.id, parsed.kind, parsed.namespace, parsed.name);
  return { service, pods, autoscaler: hpa ? autoscalerView(hpa) : null, allowed, capabilities };
}
