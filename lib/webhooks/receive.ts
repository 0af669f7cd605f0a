// One webhook delivery, from raw bytes to an Update: the resource must exist with its webhook
// on and a secret set (else 404, whichever it is), the signature or token must match (else 401),
// and only then is the body parsed. A push to the configured branch, not seen before, runs the
// type's execution as a webhook actor scoped to this one resource; anything else runs nothing.
import "../server-only";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { AppError, notFound } from "../errors";
import { logger } from "../logger";
import { idsOf } from "../resources/references";
import { isResourceTypeKey, resourceType, type ResourceTypeKey } from "../resources/registry";
import { revealSecret, type Ciphertexts } from "../resources/secret-fields";
import { resourceDelegate } from "../resources/store";
import { claimDelivery, recordDeliveryUpdate, releaseDelivery } from "./deliveries";
import { webhookExecution } from "./executions";
import { isWebhookType } from "./paths";
import { branchOfRef, deliveryKeys, eventOf, isProvider, MAX_DELIVERY_ID, PROVIDER_LABEL, pushOf, verifyGithub, verifyGitlab, type Provider } from "./verify";

export interface WebhookDelivery {
  provider: string;
  type: string;
  id: string;
  execution: string;
  headers: Headers;
  body: Buffer;
}

export type WebhookOutcome =
  | { status: 200; body: { status: "ignored"; reason: string } }
  | { status: 200; body: { status: "already handled"; updateId: string | null } }
  | { status: 202; body: { status: "started"; updateId: string } };

/** Same answer for an unknown resource, a type or execution without webhooks, a webhook off, and no secret. */
const noWebhook = () => notFound("Webhook");

const ignored = (reason: string): WebhookOutcome => ({ status: 200, body: { status: "ignored", reason } });

function deliveryIdOf(provider: Provider, headers: Headers): string | null {
  const id = (provider === "github" ? headers.get("x-github-delivery") : headers.get("x-gitlab-event-uuid"))?.trim() || null;
  if (id && id.length > MAX_DELIVERY_ID) throw new AppError("INVALID_INPUT", `The delivery id is longer than ${MAX_DELIVERY_ID} characters`);
  // GitHub always sends one; a "GitHub" delivery without it is not GitHub's.
  if (!id && provider === "github") throw new AppError("INVALID_INPUT", "X-GitHub-Delivery is missing");
  return id;
}

export async function receiveWebhook(d: WebhookDelivery): Promise<WebhookOutcome> {
  const { type, id, execution, headers, body } = d;
  if (!isProvider(d.provider) || !isWebhookType(type) || !isResourceTypeKey(type)) throw noWebhook();
  const provider = d.provider;
  const run = webhookExecution(type, execution);
  if (!run) throw noWebhook();
  const row = await resourceDelegate(db, type).findUnique({ where: { id }, select: { id: true, config: true, secrets: true } });
  const config = (row?.config ?? {}) as { webhookEnabled?: boolean; branch?: string };
  const secret = row ? revealSecret((row.secrets ?? {}) as Ciphertexts, "webhookSecret") : undefined;
  if (!row || !config.webhookEnabled || !secret) throw noWebhook();

  // Nothing of the body is read before it is proven to come from the holder of the secret.
  const valid = provider === "github" ? verifyGithub(secret, body, headers.get("x-hub-signature-256")) : verifyGitlab(secret, headers.get("x-gitlab-token"));
  if (!valid)
    throw new AppError("UNAUTHENTICATED", provider === "github" ? "The X-Hub-Signature-256 signature does not match" : "The X-Gitlab-Token does not match");

  const event = eventOf(provider, headers);
  if (event.kind === "ping") return ignored("ping: the webhook is set up");
  if (event.kind === "other") return ignored(`event ${event.name}: only pushes run anything`);
  const deliveryId = deliveryIdOf(provider, headers);
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString("utf8"));
  } catch {
    throw new AppError("INVALID_INPUT", "The body is not valid JSON", { _: ["The body is not valid JSON"] });
  }
  const push = pushOf(payload);
  if ("invalid" in push) throw new AppError("INVALID_INPUT", push.invalid, { _: [push.invalid] });
  const branch = config.branch || "main";
  const pushed = branchOfRef(push.ref);
  if (pushed !== branch) return ignored(pushed === null ? `ref ${push.ref}: not a branch` : `branch ${pushed}: this runs on pushes to ${branch}`);
  if (push.deleted) return ignored(`branch ${branch} was deleted`);

  const claim = { provider, keys: deliveryKeys(deliveryId, body), resourceType: type, resourceId: id };
  const claimed = await claimDelivery(claim);
  if (!claimed.claimed) return { status: 200, body: { status: "already handled", updateId: claimed.updateId } };

  const note = `${PROVIDER_LABEL[provider]}: push to ${push.ref}${push.after ? ` at ${push.after.slice(0, 12)}` : ""}, delivery ${deliveryId ?? "(none: deduplicated by body hash)"}`;
  const actor = webhookActor(provider, { type, id, config: row.config as Record<string, unknown> }, note);
  try {
    const { updateId } = await run(actor, id);
    await recordDeliveryUpdate(claim, updateId).catch((e) => logger.error(`could not record webhook delivery ${deliveryId}`, e));
    return { status: 202, body: { status: "started", updateId } };
  } catch (e) {
    // Refused before anything ran (a run in progress, an agent offline): the provider may redeliver.
    await releaseDelivery(claim).catch((err) => logger.error(`could not release webhook delivery ${deliveryId}`, err));
    throw e;
  }
}

/**
 * The actor a delivery runs as: no user, Execute on this one resource and on what its saved
 * config references (authorize.ts), and nothing else — no Variable, no host reach, no other resource.
 */
export function webhookActor(provider: Provider, resource: { type: ResourceTypeKey; id: string; config: Record<string, unknown> }, note: string): Actor {
  const references = (resourceType(resource.type).references ?? []).flatMap((ref) =>
    idsOf(resource.config[ref.field], ref).map(([, id]) => ({ type: ref.type, id })),
  );
  const label = PROVIDER_LABEL[provider];
  return {
    // Matches no user id (those are cuids), so no grant, session or account rule ever applies.
    id: `webhook:${provider}`,
    username: label,
    admin: false,
    via: "webhook",
    maxLevel: "Execute",
    webhook: { label, note, resource: { type: resource.type, id: resource.id }, references },
  };
}
