// Kubernetes RBAC policies: actions on clusters and namespaces (names, `*` wildcards or
// \regex\), for a user or a group, optionally until an expiry.
import "../server-only";
import { z } from "zod";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { KUBE_ACTIONS } from "../authz/kube";
import { patternError } from "../authz/pattern";
import { db } from "../db";
import { AppError, type FieldErrors } from "../errors";
import { accessChanged } from "../realtime/access";
import { recordChange } from "../updates/record";
import { parseInput, throwIfAny } from "../validation";

export const ZCreateKubePolicyInput = z
  .object({
    userId: z.string().min(1).optional(),
    userGroupId: z.string().min(1).optional(),
    clusters: z.string().min(1).max(256).default("*"),
    namespaces: z.string().min(1).max(256).default("*"),
    actions: z.array(z.enum([...KUBE_ACTIONS, "*"])).min(1, "Choose at least one action"),
    expiresAt: z.coerce.date().optional(),
  })
  .strict();

/** A user's policies, their groups' included, each saying where it comes from. */
export async function effectiveKubePolicies(actor: Actor, userId: string) {
  await authorize(actor, "admin", { kind: "system" });
  const groups = await db.userGroup.findMany({ where: { members: { some: { id: userId } } }, select: { id: true, name: true } });
  const rows = await db.kubePolicy.findMany({ where: { OR: [{ userId }, { userGroupId: { in: groups.map((g) => g.id) } }] }, orderBy: { createdAt: "asc" } });
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  return rows.map((r) => ({
    ...r,
    via: r.userGroupId ? `group ${groupName.get(r.userGroupId)}` : "direct",
    expired: Boolean(r.expiresAt && r.expiresAt <= new Date()),
  }));
}

export async function listKubePolicies(actor: Actor, filter: { userId?: string; userGroupId?: string }) {
  await authorize(actor, "admin", { kind: "system" });
  return db.kubePolicy.findMany({ where: filter, orderBy: { createdAt: "asc" } });
}

export async function createKubePolicy(actor: Actor, body: unknown) {
  const input = parseInput(ZCreateKubePolicyInput, body);
  await authorize(actor, "admin", { kind: "system" });
  const errors: FieldErrors = {};
  if (Boolean(input.userId) === Boolean(input.userGroupId)) errors._ = ["Give exactly one of userId or userGroupId"];
  for (const field of ["clusters", "namespaces"] as const) {
    const problem = input[field] === "*" ? null : patternError(input[field]);
    if (problem) errors[field] = [problem];
  }
  if (input.expiresAt && input.expiresAt <= new Date()) errors.expiresAt = ["Expiry must be in the future"];
  throwIfAny(errors);
  return db.$transaction(async (tx) => {
    if (input.userId && !(await tx.user.findUnique({ where: { id: input.userId } })))
      throw new AppError("INVALID_INPUT", "Invalid input", { userId: ["No such user"] });
    if (input.userGroupId && !(await tx.userGroup.findUnique({ where: { id: input.userGroupId } })))
      throw new AppError("INVALID_INPUT", "Invalid input", { userGroupId: ["No such group"] });
    const policy = await tx.kubePolicy.create({ data: input });
    await recordChange(tx, actor, {
      operation: "CreateKubePolicy",
      targetType: "permission",
      target: { id: policy.id, name: `${input.clusters}/${input.namespaces}` },
      newConfig: input,
      log: [`Granted ${input.actions.join(", ")} on ${input.clusters}/${input.namespaces}`],
    });
    return policy;
  });
}

export async function deleteKubePolicy(actor: Actor, id: string) {
  await authorize(actor, "admin", { kind: "system" });
  await db.$transaction(async (tx) => {
    const policy = await tx.kubePolicy.findUnique({ where: { id } });
    if (!policy) throw new AppError("NOT_FOUND", "Policy not found");
    await tx.kubePolicy.delete({ where: { id } });
    await recordChange(tx, actor, {
      operation: "DeleteKubePolicy",
      targetType: "permission",
      target: { id, name: `${policy.clusters}/${policy.namespaces}` },
      previousConfig: policy,
      log: ["Revoked a Kubernetes policy"],
    });
  });
  await accessChanged();
}
