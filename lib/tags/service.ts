// Tags: name and colour, used to filter and group every list.
import "../server-only";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { AppError, invalid } from "../errors";
import { RESOURCE_TYPES } from "../resources/registry";
import { resourceDelegate } from "../resources/store";
import { recordChange } from "../updates/record";
import { parseInput } from "../validation";
import { ZCreateTagInput, ZUpdateTagInput } from "./types";

const taken = (name: string) => invalid({ name: [`A tag named "${name}" already exists`] });

export async function listTags(actor: Actor) {
  await authorize(actor, "list", { kind: "collection", type: "tag" });
  return db.tag.findMany({ orderBy: { name: "asc" } });
}

export async function createTag(actor: Actor, body: unknown) {
  const input = parseInput(ZCreateTagInput, body);
  await authorize(actor, "create", { kind: "collection", type: "tag" });
  return db.$transaction(async (tx) => {
    if (await tx.tag.findUnique({ where: { name: input.name } })) throw taken(input.name);
    const tag = await tx.tag.create({ data: { ...input, createdById: actor.id, updatedById: actor.id } });
    await recordChange(tx, actor, { operation: "CreateTag", targetType: "tag", target: tag, newConfig: input, log: [`Created tag ${tag.name}`] });
    return tag;
  });
}

export async function updateTag(actor: Actor, id: string, body: unknown) {
  const input = parseInput(ZUpdateTagInput, body);
  await authorize(actor, "write", { kind: "tag", id });
  return db.$transaction(async (tx) => {
    const current = await tx.tag.findUniqueOrThrow({ where: { id } });
    if (input.name && input.name !== current.name && (await tx.tag.findUnique({ where: { name: input.name } }))) throw taken(input.name);
    const tag = await tx.tag.update({ where: { id }, data: { ...input, updatedById: actor.id } });
    await recordChange(tx, actor, {
      operation: "UpdateTag",
      targetType: "tag",
      target: tag,
      previousConfig: { name: current.name, color: current.color },
      newConfig: { name: tag.name, color: tag.color },
      log: [`Updated tag ${tag.name}`],
    });
    return tag;
  });
}

/** Deleting a tag also removes it from every resource that carries it. */
export async function deleteTag(actor: Actor, id: string) {
  await authorize(actor, "write", { kind: "tag", id });
  await db.$transaction(async (tx) => {
    const tag = await tx.tag.findUnique({ where: { id } });
    if (!tag) throw new AppError("NOT_FOUND", "Tag not found");
    for (const def of RESOURCE_TYPES) {
      const rows = await resourceDelegate(tx, def.key).findMany({ where: { tags: { has: id } }, select: { id: true, tags: true } });
      for (const row of rows) await resourceDelegate(tx, def.key).update({ where: { id: row.id }, data: { tags: row.tags.filter((t) => t !== id) } });
    }
    await tx.tag.delete({ where: { id } });
    await recordChange(tx, actor, { operation: "DeleteTag", targetType: "tag", target: tag, log: [`Deleted tag ${tag.name}`] });
  });
}
