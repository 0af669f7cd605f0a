// Creating, changing and deleting resources. Each change is validated as a whole (every
// field error reported at once), applied in one transaction together with its Update
// row, and leaves nothing behind when it fails.
import "../server-only";
import { accessOf, authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { atLeast } from "../authz/permissions";
import { db, type Tx } from "../db";
import { AppError, invalid } from "../errors";
import { Prisma } from "../generated/prisma/client";
import { resolveTags } from "../tags/resolve";
import { recordChange } from "../updates/record";
import { fieldErrors, mergeFieldErrors, parseInput, throwIfAny } from "../validation";
import { refuseManagedDelete, writeBack, WRITE_BACK_TX_TIMEOUT_MS, type WrittenRow } from "../sync/write-back";
import type { z } from "zod";
import type { ResourceTypeKey } from "./define";
import { ZCreateResourceInput, ZUpdateResourceInput } from "./inputs";
import { getResource } from "./read";
import { checkReferences, dependentsOf } from "./references";
import { resourceType } from "./registry";
import { dropEchoedMasks, maskConfig, splitSecrets, type Ciphertexts } from "./secret-fields";
import { hasSecretsColumn, resourceDelegate } from "./store";
import type { ResourceView } from "./view";

type Config = Record<string, unknown>;

async function nameTaken(tx: Tx, type: ResourceTypeKey, name: string, exceptId?: string) {
  const row = await resourceDelegate(tx, type).findUnique({ where: { name }, select: { id: true } });
  return row !== null && row.id !== exceptId;
}

const nameError = (type: ResourceTypeKey, name: string) => ({
  name: [`A ${resourceType(type).label.toLowerCase()} named "${name}" already exists`],
});

function isUniqueViolation(e: unknown) {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}

/** A field error when another resource of the type in the same scope already has this one's unique key. */
async function uniqueKeyTaken(tx: Tx, type: ResourceTypeKey, name: string, config: Config, exceptId?: string) {
  const unique = resourceType(type).uniqueKey;
  const scope = unique && config[unique.within];
  if (!unique || !scope) return {};
  // One writer at a time per scope, so two concurrent writes can't both take the same key.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`unique-key:${type}:${String(scope)}`}))`;
  const others = await resourceDelegate(tx, type).findMany({
    where: { config: { path: [unique.within], equals: scope as string }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { name: true, config: true },
  });
  const key = unique.of(name, config);
  return others.some((r) => unique.of(r.name, r.config) === key) ? { [`config.${unique.field}`]: [unique.message(name, config)] } : {};
}

/** Validates a full config and splits out its secrets; returns every problem found. */
async function prepareConfig(tx: Tx, actor: Actor, type: ResourceTypeKey, raw: Config, previous: Ciphertexts, previousConfig: Config = {}) {
  const def = resourceType(type);
  const parsed = def.config.safeParse(raw);
  if (!parsed.success) return { errors: fieldErrors(parsed.error, ["config"]), config: {}, secrets: {}, changed: [] };
  const split = splitSecrets(def, parsed.data as Config, previous);
  const refErrors = await checkReferences(tx, actor, type, split.config, previousConfig);
  return { ...split, errors: mergeFieldErrors(split.errors, refErrors) };
}

/** The template a create copies: readable by the actor, of this type, and marked a template. */
async function templateFor(actor: Actor, type: ResourceTypeKey, id: string) {
  const found = await resourceDelegate(db, type).findUnique({
    where: { id },
    select: { id: true, name: true, template: true, config: true, description: true, tags: true },
  });
  const readable = found && atLeast((await accessOf(actor, type, found)).level, "Read");
  if (!readable) throw invalid({ fromTemplate: [`No ${resourceType(type).label.toLowerCase()} template with id ${id}`] });
  if (!found.template) throw invalid({ fromTemplate: [`${found.name} is not a template`] });
  return found;
}

export async function createResource(actor: Actor, type: ResourceTypeKey, body: unknown): Promise<ResourceView> {
  const input = parseInput(ZCreateResourceInput, body);
  await authorize(actor, "create", { kind: "new-resource", type, name: input.name });
  // Secrets live outside `config` and are never copied: a reader of the template must not get to use them.
  const template = input.fromTemplate ? await templateFor(actor, type, input.fromTemplate) : null;
  try {
    const row = await db.$transaction((tx) => createIn(tx, actor, type, input, template));
    return getResource(actor, type, row.id);
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("INVALID_INPUT", "Invalid input", nameError(type, input.name));
    throw e;
  }
}

/**
 * Creates a resource inside the caller's transaction (a ResourceSync applies many in one);
 * the caller has authorized it. Throws with every field error at once, writing nothing.
 */
export async function createIn(
  tx: Tx,
  actor: Actor,
  type: ResourceTypeKey,
  input: z.infer<typeof ZCreateResourceInput>,
  template: Awaited<ReturnType<typeof templateFor>> | null = null,
) {
  const def = resourceType(type);
  const rawConfig = { ...((template?.config ?? {}) as Config), ...(input.config ?? {}) };
  const prepared = await prepareConfig(tx, actor, type, rawConfig, {});
  const tags = input.tags || !template ? await resolveTags(tx, input.tags) : { ids: template.tags, errors: {} };
  const taken = (await nameTaken(tx, type, input.name)) ? nameError(type, input.name) : {};
  const keyTaken = Object.keys(prepared.errors).length ? {} : await uniqueKeyTaken(tx, type, input.name, prepared.config);
  throwIfAny(mergeFieldErrors(taken, prepared.errors, tags.errors, keyTaken));
  const created = await resourceDelegate(tx, type).create({
    data: {
      name: input.name,
      description: input.description ?? template?.description ?? "",
      tags: tags.ids,
      template: input.template ?? false,
      config: prepared.config,
      ...(hasSecretsColumn(type) ? { secrets: prepared.secrets } : {}),
      createdById: actor.id,
      updatedById: actor.id,
    },
  });
  await recordChange(tx, actor, {
    operation: `Create${def.label.replace(/\s/g, "")}`,
    targetType: type,
    target: created,
    newConfig: maskConfig(def, prepared.config, prepared.secrets),
    log: [
      `Created ${created.template ? `${def.label.toLowerCase()} template` : def.label.toLowerCase()} ${created.name}${template ? ` from template ${template.name}` : ""}`,
      ...secretLog(prepared.changed),
    ],
  });
  return created;
}

function secretLog(changed: string[] | undefined) {
  return changed?.length ? [`Secret fields set: ${changed.join(", ")} (values not shown)`] : [];
}

export async function updateResource(actor: Actor, type: ResourceTypeKey, id: string, body: unknown): Promise<ResourceView> {
  const input = parseInput(ZUpdateResourceInput, body);
  await authorize(actor, "write", { kind: "resource", type, id });
  const def = resourceType(type);
  // A rename must keep the resource within names the actor may write: otherwise a pattern
  // grant ("team-*") could move it into names others are granted ("prod-*") and out of reach.
  if (input.name !== undefined && !atLeast((await accessOf(actor, type, { id, name: input.name })).level, "Write")) {
    throw new AppError("FORBIDDEN", `You may not name a ${def.label.toLowerCase()} "${input.name}"`);
  }
  try {
    // A resource a managed Sync owns is written back to its source in this transaction (sync/write-back.ts).
    const row = await db.$transaction((tx) => updateIn(tx, actor, type, id, input, (before, after) => writeBack(tx, actor, type, before, after)), {
      timeout: WRITE_BACK_TX_TIMEOUT_MS,
    });
    return getResource(actor, type, row.id);
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("INVALID_INPUT", "Invalid input", nameError(type, input.name ?? ""));
    throw e;
  }
}

/**
 * Changes a resource inside the caller's transaction; the caller has authorized it (see createIn).
 * `afterWrite` runs once the row is written, before its Update is recorded (its lines go in the log).
 */
export async function updateIn(
  tx: Tx,
  actor: Actor,
  type: ResourceTypeKey,
  id: string,
  input: z.infer<typeof ZUpdateResourceInput>,
  afterWrite?: (before: WrittenRow, after: WrittenRow) => Promise<string[]>,
) {
  const def = resourceType(type);
  const delegate = (t: Tx) => resourceDelegate(t, type);
  const current = await delegate(tx).findUnique({ where: { id }, ...(hasSecretsColumn(type) ? { omit: { secrets: false } } : {}) });
  if (!current) throw new AppError("NOT_FOUND", "Resource not found");
  const previousSecrets = (current.secrets ?? {}) as Ciphertexts;
  const merged = { ...(current.config as Config), ...dropEchoedMasks(def, input.config ?? {}) };
  const prepared = await prepareConfig(tx, actor, type, merged, previousSecrets, current.config as Config);
  const tags = input.tags ? await resolveTags(tx, input.tags) : { ids: current.tags, errors: {} };
  const renamed = input.name !== undefined && input.name !== current.name;
  const taken = renamed && (await nameTaken(tx, type, input.name!, id)) ? nameError(type, input.name!) : {};
  const keyTaken = Object.keys(prepared.errors).length ? {} : await uniqueKeyTaken(tx, type, input.name ?? current.name, prepared.config, id);
  throwIfAny(mergeFieldErrors(taken, prepared.errors, tags.errors, keyTaken));

  const updated = await delegate(tx).update({
    where: { id },
    data: {
      name: input.name ?? current.name,
      description: input.description ?? current.description,
      tags: tags.ids,
      template: input.template ?? current.template,
      config: prepared.config,
      ...(hasSecretsColumn(type) ? { secrets: prepared.secrets } : {}),
      updatedById: actor.id,
    },
  });
  const written = afterWrite ? await afterWrite(current, updated) : [];
  await recordChange(tx, actor, {
    operation: `Update${def.label.replace(/\s/g, "")}`,
    targetType: type,
    target: updated,
    previousConfig: {
      ...maskConfig(def, current.config as Config, previousSecrets),
      _name: current.name,
      _description: current.description,
      _tags: current.tags,
      _template: current.template,
    },
    newConfig: {
      ...maskConfig(def, prepared.config, prepared.secrets),
      _name: updated.name,
      _description: updated.description,
      _tags: updated.tags,
      _template: updated.template,
    },
    log: [
      renamed ? `Renamed ${current.name} to ${updated.name}` : `Updated ${def.label.toLowerCase()} ${updated.name}`,
      ...secretLog(prepared.changed),
      ...written,
    ],
  });
  return updated;
}

export async function deleteResource(actor: Actor, type: ResourceTypeKey, id: string): Promise<void> {
  await authorize(actor, "write", { kind: "resource", type, id });
  await refuseManagedDelete(type, id);
  await db.$transaction((tx) => deleteIn(tx, actor, type, id));
}

/** Deletes a resource inside the caller's transaction; the caller has authorized it (see createIn). */
export async function deleteIn(tx: Tx, actor: Actor, type: ResourceTypeKey, id: string): Promise<void> {
  const def = resourceType(type);
  const current = await resourceDelegate(tx, type).findUnique({ where: { id } });
  if (!current) throw new AppError("NOT_FOUND", "Resource not found");
  const dependents = await dependentsOf(tx, type, id);
  if (dependents.length > 0) {
    throw new AppError("CONFLICT", `${def.label} ${current.name} is used by ${dependents.join(", ")}; change those first`);
  }
  await resourceDelegate(tx, type).delete({ where: { id } });
  // Grants on this exact resource would otherwise outlive it and could match a new resource reusing the id.
  await tx.permission.deleteMany({ where: { resourceType: type, targetKind: "resource", resourceId: id } });
  await recordChange(tx, actor, {
    operation: `Delete${def.label.replace(/\s/g, "")}`,
    targetType: type,
    target: current,
    previousConfig: maskConfig(def, current.config as Config, {}),
    log: [`Deleted ${def.label.toLowerCase()} ${current.name}`],
  });
}
