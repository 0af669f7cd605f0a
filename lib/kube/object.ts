// One stored object, for the YAML editor: readable with "view", editable with "edit".
import "../server-only";
import { z } from "zod";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { AppError } from "../errors";
import { parseInput } from "../validation";
import type { K } from "./objects";

export const ZObjectRef = z
  .object({ clusterId: z.string().min(1), kind: z.string().min(1), namespace: z.string().default(""), name: z.string().min(1) })
  .strict();

export async function storedObject(ref: z.infer<typeof ZObjectRef>): Promise<K> {
  const row = await db.kubeObject.findUnique({ where: { clusterId_kind_namespace_name: ref }, select: { object: true } });
  if (!row) throw new AppError("NOT_FOUND", `${ref.kind} ${ref.name} not found`);
  return row.object as K;
}

export async function getObject(actor: Actor, query: unknown): Promise<K & { editable: boolean }> {
  const ref = parseInput(ZObjectRef, query);
  const cluster = await db.cluster.findUnique({ where: { id: ref.clusterId }, select: { name: true } });
  if (!cluster) throw new AppError("NOT_FOUND", "Cluster not found");
  await authorize(actor, "read", { kind: "kube", cluster: cluster.name, namespace: ref.namespace || null, action: "view" });
  const object = await storedObject(ref);
  // What the cluster manages itself has no place in an edit.
  const { status: _status, ...rest } = object;
  return { ...rest, editable: ref.kind !== "Secret" };
}
