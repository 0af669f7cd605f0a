// Loading an Alerter for a send: its validated config and its secrets, revealed in memory only.
import "../server-only";
import { db } from "../db";
import { env } from "../env";
import { alerterConfig } from "../resources/alerter/schema";
import { TYPE_NAMES } from "../resources/names";
import { revealSecret, type Ciphertexts } from "../resources/secret-fields";
import type { AlertEvent, AlertMessage } from "./endpoints/format";
import type { EndpointTarget } from "./endpoints/types";
import type { AlertLevel } from "./kinds";

export async function loadAlerterTarget(id: string): Promise<EndpointTarget | null> {
  const row = await db.alerter.findUnique({ where: { id }, select: { name: true, config: true, secrets: true } });
  if (!row) return null;
  const secrets = (row.secrets ?? {}) as Ciphertexts;
  return {
    name: row.name,
    config: alerterConfig.parse(row.config),
    secrets: { password: revealSecret(secrets, "password"), token: revealSecret(secrets, "token"), signingSecret: revealSecret(secrets, "signingSecret") },
  };
}

/** Where in Wheelhouse to look at an alert's target. */
export function linkTo(targetType: string, targetId: string): string {
  const base = env.NEXTAUTH_URL.replace(/\/+$/, "");
  const names = (TYPE_NAMES as Record<string, { plural: string } | undefined>)[targetType];
  return names ? `${base}/${names.plural}/${encodeURIComponent(targetId)}` : `${base}/alerts`;
}

interface AlertRow {
  id: string;
  type: string;
  severity: string;
  targetType: string;
  targetId: string;
  targetName: string;
  namespace: string | null;
  message: string;
  data: unknown;
  openedAt: Date;
  resolvedAt: Date | null;
}

export function messageOf(alert: AlertRow, event: AlertEvent, now = new Date()): AlertMessage {
  return {
    alertId: alert.id,
    type: alert.type,
    level: alert.severity as AlertLevel,
    event,
    target: { type: alert.targetType, id: alert.targetId, name: alert.targetName, ...(alert.namespace ? { namespace: alert.namespace } : {}) },
    message: alert.message,
    data: alert.data,
    openedAt: alert.openedAt.toISOString(),
    resolvedAt: alert.resolvedAt?.toISOString() ?? null,
    link: linkTo(alert.targetType, alert.targetId),
    sentAt: now.toISOString(),
  };
}
