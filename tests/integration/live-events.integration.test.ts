// The browser's live feed (/api/ws/events): a change a cluster's agent reports reaches the
// people who may see that cluster, including those who see it only through a Kubernetes
// policy, and nobody else.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { db } from "@/lib/db";
import { ingestChange, ingestList } from "@/lib/kube/ingest";
import { publish } from "@/lib/realtime/bus";
import { seesCluster } from "@/lib/realtime/events-channel";
import { createResource } from "@/lib/resources/write";
import { createGrant } from "@/lib/users/grants";
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
  const received: { type: string; resourceType?: string; resourceId?: string; clusterId?: string }[] = [];
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
  it("reach a user who sees the cluster only through a namespace policy as kube.changed, once the agent reports a change", async () => {
    const viewer = await makeUser();
    await db.kubePolicy.create({ data: { userId: viewer.id, clusters: "prod", namespaces: "team-a", actions: ["view"] } });
    const browser = await feed(viewer);
    try {
      await ingestChange(agentId, "Deployment", "MODIFIED", deployment(3));
      const changed = await until(async () => browser.received.find((m) => m.type === "kube.changed"), "the cluster's change on the feed");
      expect(changed).toEqual({ type: "kube.changed", clusterId });
      // A watched change is not a change of the Cluster resource: resource views are left alone.
      expect(browser.received.filter((m) => m.type === "resource.changed")).toEqual([]);
    } finally {
      browser.close();
    }
  });

  it("reach a viewer of the cluster and not a user with no Kubernetes policy on it, even one granted the Cluster resource", async () => {
    const viewer = await makeUser();
    await db.kubePolicy.create({ data: { userId: viewer.id, clusters: "prod", namespaces: "team-a", actions: ["view"] } });
    const elsewhere = await makeUser();
    await db.kubePolicy.create({ data: { userId: elsewhere.id, clusters: "staging", namespaces: "*", actions: ["view"] } });
    const granted = await makeUser();
    await createGrant(admin.actor, { userId: granted.id, resourceType: "cluster", targetKind: "resource", resourceId: clusterId });
    const staging = (await createResource(admin.actor, "cluster", { name: "staging" })).id;
    const [seen, other, grantOnly] = [await feed(viewer), await feed(elsewhere), await feed(granted)];
    try {
      await ingestChange(agentId, "Deployment", "MODIFIED", deployment(3));
      await until(async () => seen.received.find((m) => m.type === "kube.changed" && m.clusterId === clusterId), "the viewer to get the change");
      // Each feed delivers in order: once an event it may see arrives, the change before it was judged.
      publish({ type: "kube.changed", clusterId: staging });
      publish({ type: "resource.changed", resourceType: "cluster", resourceId: clusterId });
      publish({ type: "kube.changed", clusterId });
      await until(
        async () => seen.received.filter((m) => m.type === "kube.changed" && m.clusterId === clusterId).length === 2,
        "the viewer to get the second change",
      );
      await until(
        async () => other.received.find((m) => m.type === "kube.changed" && m.clusterId === staging),
        "the other cluster's viewer to get its own cluster's change",
      );
      await until(
        async () => grantOnly.received.find((m) => m.type === "resource.changed" && m.resourceId === clusterId),
        "the grant holder to get the Cluster resource's change",
      );
      expect(other.received.filter((m) => m.type === "kube.changed" && m.clusterId === clusterId)).toEqual([]);
      expect(grantOnly.received.filter((m) => m.type === "kube.changed")).toEqual([]);
      expect(seen.received.filter((m) => m.type === "kube.changed" && m.clusterId === staging)).toEqual([]);
    } finally {
      for (const f of [seen, other, grantOnly]) f.close();
    }
  });

  it("are for those who may view a namespace of the cluster: an admin and its namespace viewers, not a stranger, a grant holder or a viewer of another cluster", async () => {
    const viewer = await makeUser();
    await db.kubePolicy.create({ data: { userId: viewer.id, clusters: "prod", namespaces: "team-a", actions: ["view"] } });
    const elsewhere = await makeUser();
    await db.kubePolicy.create({ data: { userId: elsewhere.id, clusters: "staging", namespaces: "*", actions: ["view"] } });
    const granted = await makeUser();
    await createGrant(admin.actor, { userId: granted.id, resourceType: "cluster", targetKind: "resource", resourceId: clusterId });
    const stranger = await makeUser();
    expect(await seesCluster(admin.actor, clusterId)).toBe(true);
    expect(await seesCluster(viewer.actor, clusterId)).toBe(true);
    expect(await seesCluster(elsewhere.actor, clusterId)).toBe(false);
    expect(await seesCluster(granted.actor, clusterId)).toBe(false);
    expect(await seesCluster(stranger.actor, clusterId)).toBe(false);
    expect(await seesCluster(admin.actor, "no-such-cluster")).toBe(false);
  });
});

describe("what a browser sends on the feed", () => {
  it("a malformed message gets an error frame naming what is wrong, and the feed stays open", async () => {
    const socket = new WebSocket(`${core.url.replace("http", "ws")}/api/ws/events`, { headers: await sessionHeaders(admin) });
    const received: { type: string; message?: string; updateId?: string }[] = [];
    socket.on("message", (data) => received.push(JSON.parse(String(data))));
    try {
      await until(async () => received.some((m) => m.type === "ready"), "the feed to be ready");
      socket.send("{nope");
      socket.send(JSON.stringify({ type: "subscribe", updateId: "x".repeat(65) }));
      socket.send(JSON.stringify({ type: "subscribe", updateId: "no-such-update" }));
      await until(async () => received.find((m) => m.type === "update.done" && m.updateId === "no-such-update"), "the valid subscription to be answered");
      expect(received.filter((m) => m.type === "error").map((m) => m.message)).toEqual([
        "Not a live-feed message: the frame is not JSON",
        expect.stringMatching(/^Not a live-feed message at updateId: /),
      ]);
    } finally {
      socket.close();
    }
  });
});
