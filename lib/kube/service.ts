// One service in detail: its pods (for the pod list, logs and shells).
import "../server-only";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { AppError } from "../errors";
import { podsOfService, podView } from "./catalog";
import { parseKomodorUid } from "./objects";

export async function servicePods(actor: Actor, uid: string) {
  const parsed = parseKomodorUid(uid);
  if (!parsed) throw new AppError("NOT_FOUND", "Service not found");
  await authorize(actor, "read", { kind: "kube", cluster: parsed.cluster, namespace: parsed.namespace, action: "view" });
  const cluster = await db.cluster.findUnique({ where: { name: parsed.cluster }, select: { id: true } });
  if (!cluster) throw new AppError("NOT_FOUND", "Service not found");
  return (await podsOfService(cluster.id, parsed.kind, parsed.namespace, parsed.name)).map(podView);
}
