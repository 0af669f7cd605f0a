// Server executions: prune (containers, images, networks, volumes, system), start/stop/restart
// every container, and delete one image, volume or network from the inventory.
import { z } from "zod";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { runOnAgent } from "../agents/commands";
import { ZImageRef, ZLabelFilter, ZNetworkRef, ZVolumeName, type ContainersAction } from "../protocol/docker-housekeeping";
import { parseInput } from "../validation";
import { asExecution } from "./run";
import { agentOfServer } from "./target";

export const PRUNE_TARGETS = ["containers", "images", "networks", "volumes", "system"] as const;

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export async function prune(actor: Actor, id: string, what: (typeof PRUNE_TARGETS)[number]) {
  const { resource: server } = await authorize(actor, "execute", { kind: "resource", type: "server", id });
  return asExecution(actor, `Prune${capitalized(what)}`, { type: "server", ...server }, async (updateId) => {
    const { agentId } = await agentOfServer(id);
    return runOnAgent(agentId, updateId, { kind: "docker.prune", what }, 300);
  });
}

/** The body start/stop/restart-all read: none, or a label that limits them to the containers carrying it. */
export const ZAllContainersOptions = z
  .object({ label: ZLabelFilter.optional().describe("Only containers with this label (key or key=value); without it, every container") })
  .strict()
  .default({});

/** start-all-containers → StartAllContainers (Komodo's name for it). */
export async function allContainers(actor: Actor, id: string, action: ContainersAction, body: unknown) {
  const { resource: server } = await authorize(actor, "execute", { kind: "resource", type: "server", id });
  const { label } = parseInput(ZAllContainersOptions, body ?? {});
  return asExecution(
    actor,
    `${capitalized(action)}AllContainers`,
    { type: "server", ...server },
    async (updateId) => {
      const { agentId } = await agentOfServer(id);
      // Stopping waits for each container's own stop timeout, a few at a time.
      return runOnAgent(agentId, updateId, { kind: "docker.containers", action, ...(label ? { label } : {}) }, 900);
    },
    label ? { newConfig: { label } } : undefined,
  );
}

export const ZDeleteImage = z
  .object({
    image: ZImageRef.describe("The image's id, or name[:tag]"),
    force: z.boolean().default(false).describe("Delete even if stopped containers use it (never while one runs)"),
  })
  .strict();
export const ZDeleteVolume = z.object({ volume: ZVolumeName.describe("The volume's name") }).strict();
export const ZDeleteNetwork = z.object({ network: ZNetworkRef.describe("The network's id or name") }).strict();

/** The Docker command for each deletable item, from a body already checked against its schema. */
const DELETES = {
  image: { operation: "DeleteImage", payload: (body: unknown) => ({ kind: "docker.image.delete" as const, ...parseInput(ZDeleteImage, body) }) },
  volume: { operation: "DeleteVolume", payload: (body: unknown) => ({ kind: "docker.volume.delete" as const, ...parseInput(ZDeleteVolume, body) }) },
  network: { operation: "DeleteNetwork", payload: (body: unknown) => ({ kind: "docker.network.delete" as const, ...parseInput(ZDeleteNetwork, body) }) },
};
export type Deletable = keyof typeof DELETES;

/**
 * Deletes one item of the server's inventory. The agent refuses, changing nothing, what is
 * missing or in use; the Update keeps what was asked for (newConfig), so the audit trail names it.
 */
export async function deleteItem(actor: Actor, id: string, what: Deletable, body: unknown) {
  const { resource: server } = await authorize(actor, "execute", { kind: "resource", type: "server", id });
  const payload = DELETES[what].payload(body ?? {});
  const { kind: _kind, ...asked } = payload;
  return asExecution(
    actor,
    DELETES[what].operation,
    { type: "server", ...server },
    async (updateId) => {
      const { agentId } = await agentOfServer(id);
      return runOnAgent(agentId, updateId, payload, 300);
    },
    { newConfig: asked },
  );
}
