// User groups: members and the grants they share.
import "../server-only";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { db, type Tx } from "../db";
import { AppError, invalid } from "../errors";
import { accessChanged } from "../realtime/access";
import { recordChange } from "../updates/record";
import { parseInput } from "../validation";
import { ZCreateGroupInput, ZUpdateGroupInput } from "./inputs";

const GROUP_SELECT = {
  id: true,
  name: true,
  description: true,
  createdAt: true,
  members: { select: { id: true, username: true }, orderBy: { username: "asc" } },
} as const;

async function checkMembers(tx: Tx, ids: string[]) {
  const found = await tx.user.findMany({ where: { id: { in: ids } }, select: { id: true } });
  const known = new Set(found.map((u) => u.id));
  const errors: Record<string, string[]> = {};
  ids.forEach((id, i) => {
    if (!known.has(id)) errors[`memberIds.${i}`] = [`No user with id "${id}"`];
  });
  if (Object.keys(errors).length) throw invalid(errors);
}

const nameTaken = (name: string) => invalid({ name: [`A group named "${name}" already exists`] });

export async function listGroups(actor: Actor) {
  await authorize(actor, "admin", { kind: "system" });
  return db.userGroup.findMany({ select: GROUP_SELECT, orderBy: { name: "asc" } });
}

export async function getGroup(actor: Actor, id: string) {
  await authorize(actor, "admin", { kind: "system" });
  const group = await db.userGroup.findUnique({ where: { id }, select: GROUP_SELECT });
  if (!group) throw new AppError("NOT_FOUND", "Group not found");
  return group;
}

export async function createGroup(actor: Actor, body: unknown) {
  const input = parseInput(ZCreateGroupInput, body);
  await authorize(actor, "admin", { kind: "system" });
  return db.$transaction(async (tx) => {
    if (await tx.userGroup.findUnique({ where: { name: input.name } })) throw nameTaken(input.name);
    await checkMembers(tx, input.memberIds);
    const group = await tx.userGroup.create({
      data: { name: input.name, description: input.description, members: { connect: input.memberIds.map((id) => ({ id })) } },
      select: GROUP_SELECT,
    });
    await recordChange(tx, actor, {
      operation: "CreateUserGroup",
      targetType: "user-group",
      target: group,
      newConfig: { members: group.members.map((m) => m.username) },
      log: [`Created group ${group.name}`],
    });
    return group;
  });
}

export async function updateGroup(actor: Actor, id: string, body: unknown) {
  const input = parseInput(ZUpdateGroupInput, body);
  await authorize(actor, "admin", { kind: "system" });
  const updated = await db.$transaction(async (tx) => {
    const current = await tx.userGroup.findUnique({ where: { id }, select: GROUP_SELECT });
    if (!current) throw new AppError("NOT_FOUND", "Group not found");
    if (input.name && input.name !== current.name && (await tx.userGroup.findUnique({ where: { name: input.name } }))) throw nameTaken(input.name);
    if (input.memberIds) await checkMembers(tx, input.memberIds);
    const group = await tx.userGroup.update({
      where: { id },
      data: {
        name: input.name,
        description: input.description,
        ...(input.memberIds ? { members: { set: input.memberIds.map((m) => ({ id: m })) } } : {}),
      },
      select: GROUP_SELECT,
    });
    await recordChange(tx, actor, {
      operation: "UpdateUserGroup",
      targetType: "user-group",
      target: group,
      previousConfig: { name: current.name, members: current.members.map((m) => m.username) },
      newConfig: { name: group.name, members: group.members.map((m) => m.username) },
      log: [`Updated group ${group.name}`],
    });
    return group;
  });
  // A member removed loses what the group's grants and policies gave them.
  await accessChanged();
  return updated;
}

export async function deleteGroup(actor: Actor, id: string) {
  await authorize(actor, "admin", { kind: "system" });
  await db.$transaction(async (tx) => {
    const group = await tx.userGroup.findUnique({ where: { id } });
    if (!group) throw new AppError("NOT_FOUND", "Group not found");
    await tx.userGroup.delete({ where: { id } });
    await recordChange(tx, actor, { operation: "DeleteUserGroup", targetType: "user-group", target: group, log: [`Deleted group ${group.name}`] });
  });
  await accessChanged();
}
