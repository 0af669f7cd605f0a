// The agent's Kubernetes client against the local cluster's real API server, through a TCP
// relay on loopback that counts connections and can cut one: requests share one kept-alive
// TLS connection, and a read on a connection that is cut as it is reused is sent again.
import net from "node:net";
import type { AddressInfo } from "node:net";
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureKubernetes } from "../../scripts/lib/k8s";
import { kubeClient } from "./rest";

interface Relay {
  port: number;
  connections: number;
  cut: number;
  /** Cut the next connection that sends anything (once). */
  armed: boolean;
  close(): Promise<void>;
}

async function relayTo(host: string, port: number): Promise<Relay> {
  const sockets = new Set<net.Socket>();
  const relay = { connections: 0, cut: 0, armed: false } as Relay;
  const server = net.createServer((client) => {
    relay.connections++;
    const upstream = net.connect(port, host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {});
    }
    client.on("data", (chunk) => {
      if (relay.armed) {
        relay.armed = false;
        relay.cut++;
        upstream.destroy();
        return void client.resetAndDestroy();
      }
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  relay.port = (server.address() as AddressInfo).port;
  relay.close = () => {
    for (const s of sockets) s.destroy();
    return new Promise((r) => server.close(() => r()));
  };
  return relay;
}

let relay: Relay;
let kc: KubeConfig;

beforeAll(async () => {
  const { kubeconfig } = await ensureKubernetes();
  const admin = new KubeConfig();
  admin.loadFromFile(kubeconfig);
  const server = new URL(admin.getCurrentCluster()!.server);
  relay = await relayTo(server.hostname, Number(server.port || 443));
  // The same credentials and CA; only the address is the relay's (the certificate names 127.0.0.1, not a port).
  kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: admin.clusters.map((c) => (c.name === admin.getCurrentCluster()!.name ? { ...c, server: `https://127.0.0.1:${relay.port}` } : c)),
    users: admin.users,
    contexts: admin.contexts,
    currentContext: admin.currentContext,
  });
});
afterAll(() => relay?.close());

describe("kubeClient", () => {
  it("sends successive requests over one kept-alive connection", async () => {
    const client = kubeClient(kc);
    const before = relay.connections;
    for (let i = 0; i < 3; i++) expect((await client.request<{ gitVersion: string }>("GET", "/version")).gitVersion).toMatch(/^v1\./);
    await client.request("GET", "/api/v1/namespaces/default");
    expect(relay.connections - before).toBe(1);
  });

  it("sends a read again on a new connection when the kept-alive one is cut as it is reused", async () => {
    const client = kubeClient(kc);
    await client.request("GET", "/version");
    const before = relay.connections;
    relay.armed = true;
    const ns = await client.request<{ metadata: { name: string } }>("GET", "/api/v1/namespaces/default");
    expect(ns.metadata.name).toBe("default");
    expect(relay.cut).toBe(1);
    expect(relay.connections - before).toBe(1);
  });

  it("does not repeat a write whose connection is cut: the caller gets the error", async () => {
    const client = kubeClient(kc);
    await client.request("GET", "/version");
    relay.armed = true;
    await expect(client.request("PATCH", "/api/v1/namespaces/default", { body: {}, contentType: "application/merge-patch+json" })).rejects.toThrow();
    expect(relay.armed).toBe(false);
  });
});
