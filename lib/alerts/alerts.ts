// Alert records: opened once per problem (an open one is not duplicated) and resolved when
// the problem goes away. Delivery through Alerters comes with the alerting issue.
import type { Prisma } from "../generated/prisma/client";
import { db } from "../db";

export interface AlertInput {
  type: string;
  severity: "warning" | "critical";
  targetType: string;
  targetId: string;
  targetName: string;
  message: string;
  data?: Prisma.InputJsonValue;
}

export async function openAlert(input: AlertInput) {
  const open = await db.alert.findFirst({ where: { type: input.type, targetType: input.targetType, targetId: input.targetId, resolvedAt: null } });
  if (open) return open;
  return db.alert.create({ data: { ...input, data: input.data ?? {} } });
}

export async function closeAlert(type: string, targetType: string, targetId: string) {
  await db.alert.updateMany({ where: { type, targetType, targetId, resolvedAt: null }, data: { resolvedAt: new Date() } });
}
