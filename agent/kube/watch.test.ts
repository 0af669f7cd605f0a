// The watch loop's recovery paths, which a live cluster can't be made to produce on demand
// (a 410 needs the API server's history window to have moved past the watched version): a
// local HTTP server plays the API server and records what the agent asked.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { KubeConfig } from "@kubernetes/client-node";
import { afterEach, describe, expect, it } from "vitest";
import type { AgentMessage } from "@/lib/protocol/agent";
import { jsonBytes, MAX_FRAME_BYTES } from "@/lib/protocol/frames";
import { kubeClient } from "./rest";
import { runKind } from "./watch";

const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

async function fakeApiServer(handle: (url: URL, res: http.ServerResponse) => void) {
  const requests: URL[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, "http://x");
    requests.push(url);
    handle(url, res);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const kc = new KubeConfig();
  kc.loadFromOptions({
    // Plain HTTP is refused unless TLS verification is off (there is no TLS to verify here).
    clusters: [{ name: "fake", server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }],
    users: [{ name: "u" }],
    contexts: [{ name: "fake", cluster: "fake", user: "u" }],
    currentContext: "fake",
  });
  return { client: kubeClient(kc), requests };
}

const deployment = (name: string, rv: string) => ({ metadata: { name, namespace: "ns", uid: `uid-${name}`, resourceVersion: rv } });
const source = { apiVersion: "apps/v1", kind: "Deployment", name: "deployments", namespaced: true, verbs: [] };

describe("runKind", () => {
  it("lists again after a 410 Gone and resumes watching from the new list's version", async () => {
    let lists = 0;
    let watches = 0;
    const api = await fakeApiServer((url, res) => {
      res.setHeader("content-type", "application/json");
      if (url.searchParams.get("watch") !== "1") {
        lists++;
        return res.end(JSON.stringify({ metadata: { resourceVersion: lists === 1 ? "10" : "20" }, items: [deployment(`list${lists}`, "9")] }));
      }
      watches++;
      if (watches === 1) {
        res.write(JSON.stringify({ type: "ADDED", object: { apiVersion: "apps/v1", kind: "Deployment", ...deployment("added", "11") } }) + "\n");
        res.end(
          JSON.stringify({ type: "ERROR", object: { kind: "Status", code: 410, reason: "Expired", message: "too old resource version: 10 (15)" } }) + "\n",
        );
      } else res.write(""); // held open until the test stops the watch
    });
    const sent: AgentMessage[] = [];
    const controller = new AbortController();
    const done = runKind(api.client, source, "Deployment", (m) => sent.push(m), controller.signal);
    const end = Date.now() + 5000;
    while (watches < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    await done;

    expect(
      sent.map((m) =>
        m.type === "k8s.list" ? `list:${m.objects[0]?.metadata.name}` : m.type === "k8s.change" ? `${m.action}:${m.object.metadata.name}` : m.type,
      ),
    ).toEqual(["list:list1", "ADDED:added", "list:list2"]);
    const watchVersions = api.requests.filter((u) => u.searchParams.get("watch") === "1").map((u) => u.searchParams.get("resourceVersion"));
    expect(watchVersions).toEqual(["10", "20"]);
    // List items carry no apiVersion/kind; the agent fills them in.
    expect(sent[0]).toMatchObject({ objects: [{ apiVersion: "apps/v1", kind: "Deployment" }] });
  });

  it("retries a failed watch from the same version without listing again", async () => {
    let watches = 0;
    let lists = 0;
    const api = await fakeApiServer((url, res) => {
      if (url.searchParams.get("watch") !== "1") {
        lists++;
        res.setHeader("content-type", "application/json");
        return res.end(JSON.stringify({ metadata: { resourceVersion: "5" }, items: [] }));
      }
      watches++;
      if (watches === 1) {
        res.statusCode = 500;
        return res.end(JSON.stringify({ kind: "Status", code: 500, message: "etcd hiccup" }));
      }
      res.write("");
    });
    const lines: string[] = [];
    const controller = new AbortController();
    const done = runKind(api.client, source, "Deployment", () => {}, controller.signal, { log: (l) => lines.push(l) });
    const end = Date.now() + 5000;
    while (watches < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    await done;
    expect(lists).toBe(1);
    expect(api.requests.filter((u) => u.searchParams.get("watch") === "1").map((u) => u.searchParams.get("resourceVersion"))).toEqual(["5", "5"]);
    expect(lines[0]).toMatch(/etcd hiccup; retrying/);
  });

  it("sends a list bigger than a frame as numbered k8s.list pages, reading the API with limit and continue; only the last says more: false", async () => {
    const configMap = (i: number) => ({
      metadata: { name: `cm-${i}`, namespace: "ns", uid: `uid-${i}`, resourceVersion: "3" },
      data: { blob: "x".repeat(4096) },
    });
    const api = await fakeApiServer((url, res) => {
      res.setHeader("content-type", "application/json");
      if (url.searchParams.get("watch") === "1") return void res.write("");
      const second = url.searchParams.get("continue") === "next";
      const from = second ? 300 : 0;
      res.end(
        JSON.stringify({
          metadata: { resourceVersion: "9", continue: second ? "" : "next" },
          items: Array.from({ length: 300 }, (_, i) => configMap(from + i)),
        }),
      );
    });
    const sent: AgentMessage[] = [];
    const controller = new AbortController();
    const done = runKind(
      api.client,
      { ...source, apiVersion: "v1", kind: "ConfigMap", name: "configmaps" },
      "ConfigMap",
      (m) => sent.push(m),
      controller.signal,
    );
    const end = Date.now() + 5000;
    while (!sent.some((m) => m.type === "k8s.list" && !m.more) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    await done;

    const pages = sent.filter((m) => m.type === "k8s.list");
    expect(pages.length).toBeGreaterThan(5);
    expect(pages.map((m) => m.page)).toEqual(pages.map((_, i) => i));
    expect(pages.map((m) => m.more)).toEqual(pages.map((_, i) => i < pages.length - 1));
    for (const m of pages) expect(jsonBytes(m)).toBeLessThan(MAX_FRAME_BYTES / 2);
    expect(pages.flatMap((m) => m.objects.map((o) => o.metadata.name))).toEqual(Array.from({ length: 600 }, (_, i) => `cm-${i}`));
    const lists = api.requests.filter((u) => u.searchParams.get("watch") !== "1");
    expect(lists.map((u) => [u.searchParams.get("limit"), u.searchParams.get("continue")])).toEqual([
      ["500", null],
      ["500", "next"],
    ]);
  });
});
