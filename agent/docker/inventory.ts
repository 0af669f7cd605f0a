// What is on the host, in the shapes of the protocol's `inventory` message, plus prune.
import type { AgentMessage, ContainerSummary } from "@/lib/protocol/agent";
import { docker } from "./client";
import { daemonMessage } from "./errors";

export type Inventory = Omit<Extract<AgentMessage, { type: "inventory" }>, "type" | "requestId">;
export type PruneTarget = "containers" | "images" | "networks" | "volumes" | "system";

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

export async function listContainers(): Promise<ContainerSummary[]> {
  const containers = await docker().listContainers({ all: true });
  return containers.map((c) => ({
    id: c.Id,
    name: (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, ""),
    image: c.Image,
    state: c.State,
    status: c.Status,
    labels: c.Labels ?? {},
    createdAt: iso(c.Created),
  }));
}

export async function inventory(): Promise<Inventory> {
  try {
    const [containers, images, networks, volumes] = await Promise.all([
      listContainers(),
      docker().listImages(),
      docker().listNetworks(),
      docker().listVolumes(),
    ]);
    return {
      containers,
      images: images.map((i) => ({
        id: i.Id,
        // Untagged images report null or ["<none>:<none>"]; both mean "no tags".
        tags: (i.RepoTags ?? []).filter((t) => t !== "<none>:<none>"),
        sizeBytes: i.Size,
        createdAt: iso(i.Created),
      })),
      networks: networks.map((n) => ({ id: n.Id, name: n.Name, driver: n.Driver })),
      volumes: (volumes.Volumes ?? []).map((v) => ({ name: v.Name, driver: v.Driver, mountpoint: v.Mountpoint })),
    };
  } catch (err) {
    throw new Error(`Could not read the Docker inventory: ${daemonMessage(err)}`);
  }
}

export interface PruneResult {
  deleted: string[];
  reclaimedBytes: number;
}

async function pruneOne(what: Exclude<PruneTarget, "system">, label?: string): Promise<PruneResult> {
  const d = docker();
  const opts = label ? { filters: { label: [label] } } : {};
  switch (what) {
    case "containers": {
      const r = await d.pruneContainers(opts);
      return { deleted: r.ContainersDeleted ?? [], reclaimedBytes: r.SpaceReclaimed ?? 0 };
    }
    case "images": {
      // Dangling images only (like `docker image prune` without -a): tagged ones may be rollback targets.
      const r = await d.pruneImages(opts);
      return { deleted: (r.ImagesDeleted ?? []).map((i) => i.Deleted ?? i.Untagged ?? "").filter(Boolean), reclaimedBytes: r.SpaceReclaimed ?? 0 };
    }
    case "networks": {
      const r = await d.pruneNetworks(opts);
      return { deleted: r.NetworksDeleted ?? [], reclaimedBytes: 0 };
    }
    case "volumes": {
      // Engines before API 1.42 remove every unused volume, newer ones only anonymous ones.
      const r = await d.pruneVolumes(opts);
      return { deleted: r.VolumesDeleted ?? [], reclaimedBytes: r.SpaceReclaimed ?? 0 };
    }
  }
}

/**
 * `system` is `docker system prune` without --volumes: stopped containers, unused networks, dangling images.
 * `label` ("key=value") limits pruning to objects carrying it (tests use it so as to leave the host's other objects alone).
 */
export async function prune(what: PruneTarget, label?: string): Promise<PruneResult> {
  const targets = what === "system" ? (["containers", "networks", "images"] as const) : [what];
  const total: PruneResult = { deleted: [], reclaimedBytes: 0 };
  for (const target of targets) {
    try {
      const r = await pruneOne(target, label);
      total.deleted.push(...r.deleted);
      total.reclaimedBytes += r.reclaimedBytes;
    } catch (err) {
      throw new Error(`Could not prune ${target}: ${daemonMessage(err)}`);
    }
  }
  return total;
}
