// The one authorization check. Every route handler, server action and socket reaches it
// through the wrappers in lib/api/handler.ts and server.ts; it denies by default.
import "../server-only";
import { db } from "../db";
import { AppError, notFound } from "../errors";
import { resourceDelegate } from "../resources/store";
import { isResourceTypeKey, resourceType, type ResourceTypeKey } from "../resources/registry";
import type { Actor, WebhookScope } from "./actor";
import { accessFor, type Access, type Grant } from "./evaluate";
import type { KubeAction } from "./kube";
import { kubeAccessOf } from "./kube-access";
import { atLeast, LEVELS, levelRank, PERMISSION_LEVEL, PERMISSION_SPECIFIC, type Level, type Permission, type SpecificPermission } from "./permissions";

/** Collections anyone signed in may list (items are filtered); "resources" is every type at once. */
export type CollectionType = ResourceTypeKey | "tag" | "update" | "resources";

export type Target =
  | { kind: "resource"; type: ResourceTypeKey; id: string }
  /** A resource about to be created, judged by its proposed name. */
  | { kind: "new-resource"; type: ResourceTypeKey; name: string }
  | { kind: "collection"; type: CollectionType }
  | { kind: "system" }
  /** Tags: everyone reads them; their creator and admins change them. */
  | { kind: "tag"; id: string }
  /** Something in a Kubernetes cluster: a namespace (null for node-level things) and an action. */
  | { kind: "kube"; cluster: string; namespace: string | null; action: KubeAction }
  | { kind: "account"; userId: string };

export interface ResourceAuthorization {
  resource: { id: string; name: string };
  access: Access;
}

const FULL_ACCESS: Access = { level: "Write", specific: new Set(["Terminal", "Logs", "Inspect", "Attach"]) };

const grantCache = new WeakMap<Actor, Promise<Grant[]>>();

/** The actor's grants, directly and through groups; loaded once per actor object (one request). */
export function grantsOf(actor: Actor): Promise<Grant[]> {
  let grants = grantCache.get(actor);
  if (!grants) {
    grants = db.permission.findMany({
      where: { OR: [{ userId: actor.id }, { userGroup: { members: { some: { id: actor.id } } } }] },
      select: { resourceType: true, targetKind: true, resourceId: true, pattern: true, level: true, specific: true, expiresAt: true },
    });
    grantCache.set(actor, grants);
  }
  return grants;
}

function capLevel(level: Level, cap: Level): Level {
  // A level outside LEVELS (rank -1: a string the type doesn't know, e.g. from the database) denies.
  return LEVELS[Math.min(levelRank(level), levelRank(cap))] ?? "None";
}

const NO_ACCESS: Access = { level: "None", specific: new Set() };

/**
 * A webhook holds no grants: Execute on its one resource and on what that resource's config
 * references (each needed Execute from whoever saved the reference), no specific permission (so
 * no host reach), and None on everything else: no Variable, no other resource.
 */
function webhookAccess(scope: WebhookScope, type: string, id: string): Access {
  const mine = (r: { type: string; id: string }) => r.type === type && r.id === id && id !== "";
  return mine(scope.resource) || scope.references.some(mine) ? { level: "Execute", specific: new Set() } : NO_ACCESS;
}

/** What the actor may do on one resource (admins: everything, capped by an API key's scope). */
export async function accessOf(actor: Actor, type: ResourceTypeKey, resource: { id: string; name: string }): Promise<Access> {
  if (actor.webhook) return webhookAccess(actor.webhook, type, resource.id);
  const raw = actor.admin ? FULL_ACCESS : accessFor(await grantsOf(actor), type, resource);
  if (actor.maxLevel === "Write") return raw;
  return { level: capLevel(raw.level, actor.maxLevel), specific: new Set() };
}

function check(access: Access, permission: Permission): void {
  // Not readable looks exactly like not existing.
  if (!atLeast(access.level, "Read")) throw notFound();
  const level = PERMISSION_LEVEL[permission];
  if (level && !atLeast(access.level, level)) throw new AppError("FORBIDDEN", `This needs ${level} permission`);
  const specific: SpecificPermission | undefined = PERMISSION_SPECIFIC[permission];
  if (specific && !access.specific.has(specific)) throw new AppError("FORBIDDEN", `This needs the ${specific} permission`);
  if (!level && !specific && permission !== "read") throw new AppError("FORBIDDEN", "Not allowed");
}

export async function authorize(actor: Actor | null, permission: "list" | "create", target: { kind: "collection"; type: CollectionType }): Promise<void>;
export async function authorize(actor: Actor | null, permission: "read" | "write", target: { kind: "tag"; id: string }): Promise<void>;
export async function authorize(
  actor: Actor | null,
  permission: Permission,
  target: { kind: "resource"; type: ResourceTypeKey; id: string },
): Promise<ResourceAuthorization>;
export async function authorize(
  actor: Actor | null,
  permission: "create",
  target: { kind: "new-resource"; type: ResourceTypeKey; name: string },
): Promise<void>;
export async function authorize(actor: Actor | null, permission: "admin", target: { kind: "system" }): Promise<void>;
export async function authorize(actor: Actor | null, permission: "self", target: { kind: "account"; userId: string }): Promise<void>;
export async function authorize(actor: Actor | null, permission: Permission, target: Target): Promise<ResourceAuthorization | void>;
export async function authorize(actor: Actor | null, permission: Permission, target: Target): Promise<ResourceAuthorization | void> {
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in to continue");
  // A webhook reaches resources (within its scope, through accessOf) and lists, nothing else.
  if (actor.webhook && target.kind !== "resource" && !(target.kind === "collection" && permission === "list")) throw notFound();
  switch (target.kind) {
    case "collection":
      if (permission === "list") return; // what the actor sees is filtered per item by accessOf
      if (permission === "create" && target.type === "tag" && actor.maxLevel === "Write") return;
      break;
    case "tag": {
      const tag = await db.tag.findUnique({ where: { id: target.id }, select: { createdById: true } });
      if (!tag) throw notFound("Tag");
      if (permission === "read") return;
      if (permission === "write" && actor.maxLevel === "Write" && (actor.admin || tag.createdById === actor.id)) return;
      throw new AppError("FORBIDDEN", "Only the tag's creator or an admin can change it");
    }
    case "system":
      if (permission === "admin" && actor.admin && actor.maxLevel === "Write") return;
      throw notFound();
    case "account":
      if (permission === "self" && (actor.id === target.userId || (actor.admin && actor.maxLevel === "Write"))) return;
      throw notFound();
    case "new-resource": {
      if (permission !== "create" || !isResourceTypeKey(target.type)) break;
      // A name pattern grant with Write lets a user create resources its pattern covers.
      const access = await accessOf(actor, target.type, { id: "", name: target.name });
      if (!atLeast(access.level, "Write"))
        throw new AppError("FORBIDDEN", `You may not create ${resourceType(target.type).labelPlural.toLowerCase()} named "${target.name}"`);
      return;
    }
    case "kube": {
      if (permission !== "execute" && permission !== "read") break;
      const access = await kubeAccessOf(actor);
      if (!access.allows(target.cluster, target.namespace, "view")) throw notFound();
      if (!access.allows(target.cluster, target.namespace, target.action)) {
        throw new AppError("FORBIDDEN", `You may not ${target.action} in ${target.namespace ?? "this cluster"}`);
      }
      return;
    }
    case "resource": {
      if (!isResourceTypeKey(target.type)) break;
      const resource = await resourceDelegate(db, target.type).findUnique({ where: { id: target.id }, select: { id: true, name: true } });
      if (!resource) throw notFound();
      const access = await accessOf(actor, target.type, resource);
      check(access, permission);
      return { resource, access };
    }
  }
  throw new AppError("FORBIDDEN", "Not allowed"); // anything not explicitly allowed above
}

/** Whether the actor could create some resource of the type (to show or hide "New"). */
export async function mayCreateSome(actor: Actor, type: ResourceTypeKey): Promise<boolean> {
  if (actor.maxLevel !== "Write") return false;
  if (actor.admin) return true;
  const grants = await grantsOf(actor);
  return grants.some((g) => g.resourceType === type && g.targetKind !== "resource" && g.level === "Write" && (!g.expiresAt || g.expiresAt > new Date()));
}
