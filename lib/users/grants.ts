// Permission grants on resources, to users or groups.
import "../server-only";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { patternError } from "../authz/pattern";
import { db } from "../db";
import { AppError, invalid, type FieldErrors } from "../errors";
import { accessChanged } from "../realtime/access";
import { isResourceTypeKey } from "../resources/registry";
import { resourceDelegate } from "../resources/store";
import { recordChange } from "../updates/record";
import { parseInput, throwIfAny } from "../validation";
import { ZCreateGrantInput } from "./inputs";

export async function listGrants(actor: Actor, filter: { userId?: string; userGroupId?: string }) {
  await authorize(actor, "admin", { kind: "system" });
  const grants = await db.permission.findMany({
    where: { userId: filter.userId, userGroupId: filter.userGroupId },
    orderBy: [{ resourceType: "asc" }, { createdAt: "asc" }],
  });
  // Name what each grant covers, so the admin UI can say "Read on servers prod-1".
  return Promise.all(
    grants.map(async (g) => {
      if (g.targetKind !== "resource" || !isResourceTypeKey(g.resourceType))
        return { ...g, targetName: g.targetKind === "all" ? "all" : `matching ${g.pattern}` };
      const row = await resourceDelegate(db, g.resourceType).findUnique({ where: { id: g.resourceId }, select: { name: true } });
      return { ...g, targetName: row?.name ?? "(deleted)" };
    }),
  );
}

export async function createGrant(actor: Actor, body: unknown) {
  const input = parseInput(ZCreateGrantInput, body);
  await authorize(actor, "admin", { kind: "system" });
  const errors: FieldErrors = {};
  if (Boolean(input.userId) === Boolean(input.userGroupId)) errors._ = ["Grant to exactly one of userId or userGroupId"];
  if (!isResourceTypeKey(input.resourceType)) errors.resourceType = [`Unknown resource type "${input.resourceType}"`];
  if (input.targetKind === "resource" && !input.resourceId) errors.resourceId = ["Pick the resource"];
  if (input.targetKind === "pattern") {
    const problem = input.pattern ? patternError(input.pattern) : "Give a name pattern";
    if (problem) errors.pattern = [problem];
  }
  if (input.expiresAt && input.expiresAt <= new Date()) errors.expiresAt = ["Expiry must be in the future"];
  throwIfAny(errors);

  return db.$transaction(async (tx) => {
    if (input.userId && !(await tx.user.findUnique({ where: { id: input.userId } }))) throw invalid({ userId: ["No such user"] });
    if (input.userGroupId && !(await tx.userGroup.findUnique({ where: { id: input.userGroupId } }))) throw invalid({ userGroupId: ["No such group"] });
    let targetName = input.targetKind === "all" ? "all" : input.pattern!;
    if (input.targetKind === "resource" && isResourceTypeKey(input.resourceType)) {
      const resource = await resourceDelegate(tx, input.resourceType).findUnique({ where: { id: input.resourceId }, select: { id: true, name: true } });
      if (!resource) throw invalid({ resourceId: ["No such resource"] });
      targetName = resource.name;
    }
    const grant = await tx.permission.create({
      data: {
        userId: input.userId,
        userGroupId: input.userGroupId,
        resourceType: input.resourceType,
        targetKind: input.targetKind,
        resourceId: input.targetKind === "resource" ? input.resourceId : null,
        pattern: input.targetKind === "pattern" ? input.pattern : null,
        level: input.level,
        specific: input.specific,
        expiresAt: input.expiresAt,
      },
    });
    await recordChange(tx, actor, {
      operation: "GrantPermission",
      targetType: "permission",
      target: { id: grant.id, name: `${input.resourceType}:${targetName}` },
      newConfig: { ...input },
      log: [`Granted ${input.level}${input.specific.length ? ` + ${input.specific.join(", ")}` : ""} on ${input.resourceType} ${targetName}`],
    });
    return grant;
  });
}

export async function deleteGrant(actor: Actor, id: string) {
  await authorize(actor, "admin", { kind: "system" });
  await db.$transaction(async (tx) => {
    const grant = await tx.permission.findUnique({ where: { id } });
    if (!grant) throw new AppError("NOT_FOUND", "Grant not found");
    await tx.permission.delete({ where: { id } });
    await recordChange(tx, actor, {
      operation: "RevokePermission",
      targetType: "permission",
      target: { id, name: `${grant.resourceType}:${grant.resourceId ?? grant.pattern ?? "all"}` },
      previousConfig: grant,
      log: [`Revoked ${grant.level} on ${grant.resourceType}`],
    });
  });
  await accessChanged();
}
