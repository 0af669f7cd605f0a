// The browser's live feed (/api/ws/events): a change a cluster's agent reports reaches the
// people who may see that cluster, including those who see it only through a Kubernetes
// policy, and nobody else.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { db } from "@/lib/db";
import { ingestChange, ingestList } from "@/lib/kube/ingest";
import { canRead } from "@/lib/realtime/events-channel";
import { createResource } from "@/lib/resources/write";
import { startCore, until } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { sessionHeaders } from "../helpers/session";

let core: Awaited<ReturnType<typeof startCore>>;
let admin: TestUser;
let agentId: string;
let clusterId: string;

const deployment = (replicas: number) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "team-a", uid: "uid-web", generation: 1, resourceVersion: String(replicas) },
  spec: { replicas, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "web:1" }] } } },
  status: { observedGeneration: 1, replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas },
});

/** A signed-in browser's feed: every message it received so far. */
async function feed(user: TestUser) {
  const socket = new WebSocket(`${core.url.replace("http", "ws")}/api/ws/events`, { headers: await sessionHeaders(user) });
  const received: { type: string; resourceType?: string; resourceId?: string }[] = [];
  socket.on("message", (data) => received.push(JSON.parse(String(data))));
  await until(async () => received.some((m) => m.type === "ready"), "the feed to be ready");
  return { received, close: () => socket.close() };
}

beforeAll(async () => {
  core = await startCore();
});
afterAll(() => core?.close());

beforeEach(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
  clusterId = (await createResource(admin.actor, "cluster", { name: "prod" })).id;
  agentId = (await db.agent.create({ data: { name: "cluster-agent", mode: "kubernetes", clusters: { connect: { id: clusterId } } } })).id;
  await ingestList(agentId, "Deployment", [deployment(1)]);
});

describe("cluster changes on the live feed", () => {
  it("reach a user who sees the cluster only through a namespace policy, once the agent reports a change", async () => {
    const viewer = await makeUser();
    await db.kubePolicy.create({ data: { userId: viewer.id, clusters: "prod", namespaces: "team-a", actions: ["view"] } });
    const browser = await feed(viewer);
    try {
      await ingestChange(agentId, "Deployment", "MODIFIED", deployment(3));
      const changed = await until(async () => browser.received.find((m) => m.type === "resource.changed"), "the cluster's change on the feed");
      expect(changed).toEqual({ type: "resource.changed", resourceType: "cluster", resourceId: clusterId });
    } finally {
      browser.close();
    }
  });

  it("are for those who may see the cluster: an admin and its namespace viewers, not a stranger or a viewer of another cluster", async () => {
    const event = { type: "resource.changed", resourceType: "cluster", resourceId: clusterId } as const;
    const viewer = await makeUser();
    await db.kubePolicy.create({ data: { userId: viewer.id, clusters: "prod", namespaces: "team-a", actions: ["view"] } });
    const elsewhere = await makeUser();
    await db.kubePolicy.create({ data: { userId: elsewhere.id, clusters: "staging", namespaces: "*", actions: ["view"] } });
    const stranger = await makeUser();
    expect(await canRead(admin.actor, event)).toBe(true);
    expect(await canRead(viewer.actor, event)).toBe(true);
    expect(await canRead(elsewhere.actor, event)).toBe(false);
    expect(await canRead(stranger.actor, event)).toBe(false);
    expect(await canRead(admin.actor, { ...event, resourceId: "no-such-cluster" })).toBe(false);
  });
});
