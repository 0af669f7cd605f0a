// API keys: shown once at creation, stored as a SHA-256 hash, optionally scoped down and expiring.
import "../server-only";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { AppError, invalid } from "../errors";
import { accessChanged } from "../realtime/access";
import { randomToken, sha256 } from "../secrets/crypto";
import { recordChange } from "../updates/record";
import { parseInput } from "../validation";
import { ZCreateApiKeyInput } from "./inputs";

const KEY_SELECT = {
  id: true,
  name: true,
  prefix: true,
  maxLevel: true,
  publicApiOnly: true,
  clusters: true,
  namespaces: true,
  expiresAt: true,
  lastUsedAt: true,
  createdAt: true,
  userId: true,
} as const;

export async function listApiKeys(actor: Actor, userId = actor.id) {
  await authorize(actor, "self", { kind: "account", userId });
  return db.apiKey.findMany({ where: { userId }, select: KEY_SELECT, orderBy: { createdAt: "desc" } });
}

/** Returns the key itself once; only its hash is kept. */
export async function createApiKey(actor: Actor, body: unknown) {
  const input = parseInput(ZCreateApiKeyInput, body);
  await authorize(actor, "self", { kind: "account", userId: actor.id });
  if (actor.via === "api-key") throw new AppError("FORBIDDEN", "API keys can't create API keys");
  if (input.expiresAt && input.expiresAt <= new Date()) throw invalid({ expiresAt: ["Expiry must be in the future"] });
  const key = randomToken("whk", 32);
  return db.$transaction(async (tx) => {
    if (await tx.apiKey.findUnique({ where: { userId_name: { userId: actor.id, name: input.name } } })) {
      throw invalid({ name: [`You already have a key named "${input.name}"`] });
    }
    const created = await tx.apiKey.create({
      data: {
        name: input.name,
        userId: actor.id,
        keyHash: sha256(key),
        prefix: key.slice(0, 10),
        expiresAt: input.expiresAt,
        maxLevel: input.maxLevel,
        publicApiOnly: input.publicApiOnly,
        clusters: input.clusters,
        namespaces: input.namespaces,
      },
      select: KEY_SELECT,
    });
    await recordChange(tx, actor, {
      operation: "CreateApiKey",
      targetType: "api-key",
      target: created,
      log: [`Created API key ${created.name} (${created.prefix}…)${scopeNote(created)}`],
    });
    return { ...created, key };
  });
}

function scopeNote(k: { maxLevel: string; publicApiOnly: boolean; clusters: string; namespaces: string }): string {
  const parts = [k.publicApiOnly ? "public API, read only" : `up to ${k.maxLevel}`];
  if (k.clusters !== "*" || k.namespaces !== "*") parts.push(`Kubernetes ${k.clusters}/${k.namespaces}`);
  return `: ${parts.join("; ")}`;
}

export async function deleteApiKey(actor: Actor, id: string) {
  const key = await db.apiKey.findUnique({ where: { id }, select: KEY_SELECT });
  await authorize(actor, "self", { kind: "account", userId: key?.userId ?? "" });
  if (!key) throw new AppError("NOT_FOUND", "API key not found");
  // A key scoped down to Read or Execute must not be able to revoke the keys its owner kept
  // for writing (a leaked read-only CI key would otherwise cut off the deploy key).
  if (actor.via === "api-key" && actor.maxLevel !== "Write") throw new AppError("FORBIDDEN", `An API key capped at ${actor.maxLevel} can't manage API keys`);
  await db.$transaction(async (tx) => {
    await tx.apiKey.delete({ where: { id } });
    await recordChange(tx, actor, { operation: "DeleteApiKey", targetType: "api-key", target: key, log: [`Deleted API key ${key.name}`] });
  });
  // Sockets opened with the key close now, and shells driven through them end.
  await accessChanged();
}
