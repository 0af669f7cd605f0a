// Pod shells (exec API with a TTY, through the agent's TerminalManager) and pod logs (tail,
// follow, previous instance, container picker) against real pods.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentMessage } from "@/lib/protocol/agent";
import { docker } from "../docker/client";
import { TerminalManager } from "../terminal/manager";
import { clusterMode } from "./cluster-mode";
import { IMAGE, testCluster, until, type TestCluster } from "./test-support";

let t: TestCluster;
const container = (name: string, script: string) => ({
  name,
  image: IMAGE,
  imagePullPolicy: "Never",
  command: ["sh", "-c", script],
  env: [{ name: "WHO", value: name }],
});
const pod = (name: string, containers: object[], restartPolicy = "Never") => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: { terminationGracePeriodSeconds: 0, restartPolicy, containers },
});
const phase = (name: string) => t.kubectl("-n", t.namespace, "get", "pod", name, "-o", "jsonpath={.status.phase}");

beforeAll(async () => {
  t = await testCluster("pods");
  await t.create(pod("pair", [container("first", "sleep 3600"), container("second", "echo second-says-hi; sleep 3600")]));
  await t.create(pod("ticker", [container("main", "for i in 1 2 3; do echo line-$i; done; i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.3; done")]));
  await t.create(pod("crasher", [container("main", "echo instance-$(cat /proc/sys/kernel/random/uuid); exit 1")], "Always"));
  await until(async () => (await phase("pair")) === "Running" && (await phase("ticker")) === "Running", "the pods to run");
});
afterAll(() => t?.cleanup());

function harness(podExec = true) {
  const sent: AgentMessage[] = [];
  const manager = new TerminalManager(docker(), (m) => sent.push(m), true);
  const mode = clusterMode({ kubeconfig: t.kubeconfig, basic: false, advanced: false, podExec }, () => {});
  manager.setPodShells(mode.shell);
  const output = (id: string) =>
    sent
      .filter((m): m is Extract<AgentMessage, { type: "terminal.output" }> => m.type === "terminal.output" && m.sessionId === id)
      .map((m) => Buffer.from(m.data, "base64").toString("utf8"))
      .join("");
  const exits = (id: string) => sent.filter((m): m is Extract<AgentMessage, { type: "terminal.exit" }> => m.type === "terminal.exit" && m.sessionId === id);
  const type = (id: string, text: string) => manager.input(id, Buffer.from(`${text}\n`).toString("base64"));
  return { manager, mode, output, exits, type };
}

describe("pod shells", () => {
  it("runs commands in a TTY, follows resizes, and reports the exit", async () => {
    const h = harness();
    await h.manager.open({
      type: "terminal.open",
      sessionId: "p1",
      target: { kind: "pod", namespace: t.namespace, pod: "pair", container: "second" },
      cols: 80,
      rows: 24,
      idleTimeoutSeconds: 60,
    });
    expect(h.exits("p1")).toEqual([]);
    h.type("p1", "echo he$((1))llo-$((6*7)) from $WHO");
    await until(() => h.output("p1").includes("he1llo-42 from second"), "the command's output");
    h.manager.resize("p1", 120, 40);
    // The resize travels on its own exec channel and can land after the next keystrokes: ask again until it has.
    await until(() => {
      if (h.output("p1").includes("40 120")) return true;
      h.type("p1", "stty size");
      return new Promise((r) => setTimeout(() => r(false), 1000));
    }, "the new size");
    h.type("p1", "exit 3");
    const [exit] = await until(() => h.exits("p1").length > 0 && h.exits("p1"), "the shell to exit");
    expect(exit).toMatchObject({ code: 3, reason: "the shell exited" });
  });

  it("picks the pod's first container when none is named", async () => {
    const h = harness();
    await h.manager.open({
      type: "terminal.open",
      sessionId: "p2",
      target: { kind: "pod", namespace: t.namespace, pod: "pair" },
      cols: 80,
      rows: 24,
      idleTimeoutSeconds: 60,
    });
    h.type("p2", "echo in-$WHO");
    await until(() => h.output("p2").includes("in-first"), "the output");
    h.manager.close("p2");
  });

  it("is refused when pod exec is off on this agent, and for a container the pod lacks", async () => {
    const off = harness(false);
    await off.manager.open({
      type: "terminal.open",
      sessionId: "p3",
      target: { kind: "pod", namespace: t.namespace, pod: "pair" },
      cols: 80,
      rows: 24,
      idleTimeoutSeconds: 60,
    });
    expect(off.exits("p3")[0]?.reason).toMatch(/pod shells are turned off on this agent.*--pod-exec/);
    const on = harness();
    await on.manager.open({
      type: "terminal.open",
      sessionId: "p4",
      target: { kind: "pod", namespace: t.namespace, pod: "pair", container: "third" },
      cols: 80,
      rows: 24,
      idleTimeoutSeconds: 60,
    });
    expect(on.exits("p4")[0]?.reason).toMatch(/has no container "third"; its containers: first, second/);
  });
});

describe("pod logs", () => {
  const mode = () => harness().mode;

  it("tails the last lines of a chosen container", async () => {
    const lines: string[] = [];
    const stream = await mode().logs({ namespace: t.namespace, pod: "pair", container: "second" }, { tail: 5, follow: false }, (l) => lines.push(...l));
    await stream.done;
    expect(lines).toEqual(["second-says-hi"]);
  });

  it("follows new lines until cancelled", async () => {
    const lines: string[] = [];
    const stream = await mode().logs({ namespace: t.namespace, pod: "ticker" }, { tail: 1, follow: true }, (l) => lines.push(...l));
    await until(() => lines.filter((l) => l.startsWith("tick-")).length >= 3, "three new ticks");
    stream.cancel();
    await stream.done;
    expect(lines[0]).toMatch(/^tick-\d+$/);
    const ticks = lines.map((l) => Number(l.slice(5)));
    expect(ticks).toEqual([...ticks].sort((a, b) => a - b));
  });

  it("reads the previous instance of a restarted container", async () => {
    await until(
      async () => Number(await t.kubectl("-n", t.namespace, "get", "pod", "crasher", "-o", "jsonpath={.status.containerStatuses[0].restartCount}")) >= 1,
      "a restart",
      60_000,
    );
    // Right after a restart the kubelet (dockershim) may answer 200 with "unable to retrieve
    // container logs for docker://…" as the body while it swaps dead containers: read again.
    const lines = await until(
      async () => {
        const got: string[] = [];
        const stream = await mode().logs({ namespace: t.namespace, pod: "crasher", previous: true }, { tail: 10, follow: false }, (l) => got.push(...l));
        await stream.done;
        return got.length === 1 && /^instance-/.test(got[0] ?? "") && got;
      },
      "the previous instance's logs",
      30_000,
    );
    expect(lines[0]).toMatch(/^instance-[0-9a-f-]{36}$/);
  });

  it("explains a failure in the API server's words", async () => {
    await expect(mode().logs({ namespace: t.namespace, pod: "ticker", previous: true }, { tail: 10, follow: false }, () => {})).rejects.toThrow(
      /logs of .*ticker\/main \(previous instance\): previous terminated container "main" in pod "ticker" not found/,
    );
  });
});
