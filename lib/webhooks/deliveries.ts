// Replay protection: each delivery is claimed (by its keys, see deliveryKeys) before it runs,
// in one INSERT that a unique index lets only one request win. A claim whose run was refused
// before it started is released, so the provider's "Redeliver" can try again once the cause is
// fixed. Claims are kept 7 days (pruned by the prune-history job in lib/jobs.ts).
import "../server-only";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";

export const DELIVERY_RETENTION_DAYS = 7;

interface Claim {
  provider: string;
  keys: string[];
  resourceType: string;
  resourceId: string;
}

const rowsOf = (c: Claim) => c.keys.map((deliveryId) => ({ provider: c.provider, deliveryId, resourceType: c.resourceType, resourceId: c.resourceId }));
const whereOf = (c: Claim) => ({ provider: c.provider, deliveryId: { in: c.keys }, resourceType: c.resourceType, resourceId: c.resourceId });

/** True when this request claimed the delivery; otherwise the Update of the one that did, if it ran. */
export async function claimDelivery(claim: Claim): Promise<{ claimed: true } | { claimed: false; updateId: string | null }> {
  try {
    await db.webhookDelivery.createMany({ data: rowsOf(claim) });
    return { claimed: true };
  } catch (e) {
    if (!(e instanceof Prisma.PrismaClientKnownRequestError) || e.code !== "P2002") throw e;
    const earlier = await db.webhookDelivery.findFirst({ where: { ...whereOf(claim), updateId: { not: null } }, select: { updateId: true } });
    return { claimed: false, updateId: earlier?.updateId ?? null };
  }
}

export async function recordDeliveryUpdate(claim: Claim, updateId: string): Promise<void> {
  await db.webhookDelivery.updateMany({ where: whereOf(claim), data: { updateId } });
}

export async function releaseDelivery(claim: Claim): Promise<void> {
  await db.webhookDelivery.deleteMany({ where: whereOf(claim) });
}

export async function pruneWebhookDeliveries(now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - DELIVERY_RETENTION_DAYS * 24 * 3600 * 1000);
  return (await db.webhookDelivery.deleteMany({ where: { createdAt: { lt: before } } })).count;
}
