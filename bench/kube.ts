// Kubernetes through Wheelhouse against kubectl on the same cluster, in the same run:
// scale and restart (API call → Update complete, vs the kubectl command), and how long after
// a container crashes its timeline event and its health monitor exist.
//   npx tsx scripts/with-db.ts tsx bench/kube.ts [rounds]
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createEnrollmentToken } from "@/lib/agents/enrollment";
import { db } from "@/lib/db";
import { runKubeAction } from "@/lib/kube/actions";
import { createResource } from "@/lib/resources/write";
import { ensureKubernetes } from "@/scripts/lib/k8s";
import { startAgent, startCore, stopAgent, until } from "@/tests/helpers/core-agent";
import { makeUser, resetDb } from "@/tests/helpers/db";
import { describePhases, phasesOf, type Phases } from "./breakdown";
import { updateDone } from "./lib";
import { median, ms } from "./stats";

const rounds = Number(process.argv[2] ?? 5);

async function main() {
  const { kubeconfig } = await ensureKubernetes();
  const kubectl = (...args: string[]) => execFileSync("kubectl", args, { env: { ...process.env, KUBECONFIG: kubeconfig }, encoding: "utf8" });
  const ns = `wh-bench-${Date.now().toString(36)}`;
  kubectl("create", "namespace", ns);
  await resetDb();
  const admin = await makeUser({ admin: true });
  const core = await startCore();
  const clusterId = (await createResource(admin.actor, "cluster", { name: "bench" })).id;
  const agent = startAgent(core.url, mkdtempSync(path.join(os.tmpdir(), "wh-bench-")), (await createEnrollmentToken(admin.actor, clusterId, "cluster")).token, [
    "--kubeconfig",
    kubeconfig,
    "--actions-basic",
  ]);
  try {
    await until(async () => ((await db.cluster.findUniqueOrThrow({ where: { id: clusterId } })).info as { status?: string }).status === "ok", "the agent");
    const container = (name: string, cmd: string) => ({ name, image: "local/busybox:1", imagePullPolicy: "Never", command: ["sh", "-c", cmd] });
    const manifest = (name: string, cmd: string) =>
      JSON.stringify({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name, namespace: ns },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: name } },
          template: { metadata: { labels: { app: name } }, spec: { terminationGracePeriodSeconds: 0, containers: [container("app", cmd)] } },
        },
      });
    execFileSync("kubectl", ["apply", "-f", "-"], { input: manifest("bench", "sleep 3600"), env: { ...process.env, KUBECONFIG: kubeconfig } });
    const target = { kind: "Deployment" as const, namespace: ns, name: "bench" };

    const timed = async (fn: () => Promise<unknown> | unknown) => {
      const start = performance.now();
      await fn();
      return performance.now() - start;
    };
    // What each run's phases are read from: after the rounds, so that reading them is not timed.
    const ran: { what: string; updateId: string; startedAt: number; seenAt: number }[] = [];
    const run = async (payload: { kind: string; [k: string]: unknown }) => {
      const startedAt = Date.now();
      const { updateId } = await runKubeAction(admin.actor, { clusterId, payload });
      // Subscribed first, then the row read: an action that ended in between is seen either way.
      const done = updateDone(updateId);
      const row = await db.update.findUniqueOrThrow({ where: { id: updateId } });
      const u = row.status === "Complete" ? { success: Boolean(row.success), error: row.error } : await done;
      const seenAt = Date.now();
      if (!u.success) throw new Error(u.error ?? "action failed");
      ran.push({ what: payload.kind.slice(4), updateId, startedAt, seenAt });
    };
    const scaleW: number[] = [],
      scaleK: number[] = [],
      restartW: number[] = [],
      restartK: number[] = [];
    for (let i = 0; i < rounds; i++) {
      scaleW.push(await timed(() => run({ kind: "k8s.scale", target, replicas: 2 + (i % 2) })));
      scaleK.push(await timed(() => kubectl("-n", ns, "scale", "deployment/bench", `--replicas=${3 - (i % 2)}`)));
      restartW.push(await timed(() => run({ kind: "k8s.restart", target })));
      restartK.push(await timed(() => kubectl("-n", ns, "rollout", "restart", "deployment/bench")));
    }
    console.log(
      `scale:   Wheelhouse ${ms(median(scaleW))}, kubectl ${ms(median(scaleK))}, ratio ${(median(scaleW) / median(scaleK)).toFixed(2)}x (median of ${rounds})`,
    );
    console.log(
      `restart: Wheelhouse ${ms(median(restartW))}, kubectl ${ms(median(restartK))}, ratio ${(median(restartW) / median(restartK)).toFixed(2)}x (median of ${rounds})`,
    );
    const phases: Record<string, Phases[]> = { scale: [], restart: [] };
    for (const r of ran) phases[r.what]?.push(await phasesOf(r.updateId, r.startedAt, r.seenAt));
    for (const [what, runs] of Object.entries(phases)) console.log(`  ${what} breakdown: ${describePhases(runs)}`);

    // The rollouts above leave core a backlog of pod changes to store; a crash measured behind
    // it would time that backlog, not the crash. Start once core holds every pod's latest version.
    await until(
      async () => {
        const live = kubectl("-n", ns, "get", "pods", "-o", "jsonpath={range .items[*]}{.metadata.name}={.metadata.resourceVersion} {end}")
          .trim()
          .split(" ")
          .sort();
        const held = await db.kubeObject.findMany({ where: { clusterId, kind: "Pod", namespace: ns }, select: { name: true, object: true } });
        const mine = held.map((p) => `${p.name}=${(p.object as { metadata: { resourceVersion: string } }).metadata.resourceVersion}`).sort();
        return live.join(" ") === mine.join(" ");
      },
      "core to catch up with the pods' changes",
      120_000,
    );
    // Containers that crash every few seconds, one per pod: from each one's first exit to its
    // timeline event's row. The exit time is the container runtime's (Docker's `die` event,
    // nanoseconds), not the pod status's finishedAt, which is truncated to the second and so
    // would add up to 1 s to every figure. Alongside, when the API server first showed the
    // container terminated (a kubectl watch), which splits the delay into the kubelet's share
    // and Wheelhouse's.
    const shownAt = watchTerminations(kubeconfig, ns);
    const exited = watchExits(ns);
    const crashJson = JSON.parse(manifest("crash", "sleep 2; exit 1"));
    crashJson.spec.replicas = rounds;
    execFileSync("kubectl", ["apply", "-f", "-"], { input: JSON.stringify(crashJson), env: { ...process.env, KUBECONFIG: kubeconfig } });
    const uid = `Deployment|bench|${ns}|crash`;
    const exits = new Map<string, { exit: number; event: number; shown?: number; precise: boolean }>();
    await until(
      async () => {
        const events = await db.timelineEvent.findMany({ where: { komodorUid: uid, type: "restart" }, orderBy: { at: "asc" } });
        for (const e of events) {
          const d = e.details as { pod: string; finishedAt: string; containerID?: string | null };
          // Each pod's first crash.
          if (exits.has(d.pod)) continue;
          const exit = exited.exitOf(d.pod, "app", d.finishedAt, d.containerID);
          exits.set(d.pod, { exit: exit.at, event: e.at.getTime(), shown: exit.id ? shownAt.get(exit.id) : undefined, precise: exit.precise });
        }
        return exits.size >= rounds;
      },
      "the first crash event of each pod",
      120_000,
    );
    const monitor = await until(() => db.healthMonitor.findFirst({ where: { komodorUid: uid, checkType: "restartingContainers" } }), "the monitor", 120_000);
    shownAt.stop();
    exited.stop();
    const crashes = [...exits.values()];
    const toEvent = crashes.map((c) => c.event - c.exit);
    const toShown = crashes.filter((c) => c.shown !== undefined).map((c) => c.shown! - c.exit);
    const shownToEvent = crashes.filter((c) => c.shown !== undefined).map((c) => c.event - c.shown!);
    const exitsFrom = crashes.every((c) => c.precise) ? "the runtime's exit time" : "status finishedAt for some (1 s resolution: up to 1 s too long)";
    console.log(
      `crash → timeline event: median ${ms(median(toEvent))}, max ${ms(Math.max(...toEvent))} (${crashes.length} pods' first crash, from ${exitsFrom})`,
    );
    console.log(
      `  of which exit → API shows it terminated: ${toShown.length ? ms(median(toShown)) : "not seen"}; → event row: ${shownToEvent.length ? ms(median(shownToEvent)) : "n/a"} (medians)`,
    );
    console.log(`crash → health monitor (opens at the 2nd restart): ${ms(monitor.createdAt.getTime() - Math.min(...crashes.map((c) => c.exit)))}`);
  } finally {
    kubectl("delete", "namespace", ns, "--wait=false");
    await stopAgent(agent);
    await core.close();
    await db.$disconnect();
  }
}

/**
 * When each container of the namespace really exited, from the Docker engine the local
 * cluster's kubelet runs containers on (its `die` events, nanoseconds): recorded as they happen,
 * since the kubelet soon removes dead containers. `exitOf` falls back to the status's own
 * finishedAt (whole seconds) when the runtime has no such container (not Docker).
 */
function watchExits(ns: string) {
  const exits: { id: string; at: number; pod: string; container: string }[] = [];
  const format = '{{.ID}} {{.TimeNano}} {{index .Actor.Attributes "io.kubernetes.pod.name"}} {{index .Actor.Attributes "io.kubernetes.container.name"}}';
  const child = spawn("docker", ["events", "--filter", "event=die", "--filter", `label=io.kubernetes.pod.namespace=${ns}`, "--format", format]);
  child.on("error", () => {}); // no Docker here: every exit falls back to finishedAt
  let buffered = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const [id = "", nanos = "0", pod = "", container = ""] of lines.map((l) => l.trim().split(" ")))
      exits.push({ id, at: Number(BigInt(nanos) / 1_000_000n), pod, container });
  });
  const exitOf = (pod: string, container: string, finishedAt: string, containerID?: string | null): { at: number; id?: string; precise: boolean } => {
    const status = Date.parse(finishedAt);
    const found = exits.find((e) =>
      containerID ? containerID === `docker://${e.id}` : e.pod === pod && e.container === container && Math.floor(e.at / 1000) * 1000 === status,
    );
    return found ? { at: found.at, id: `docker://${found.id}`, precise: true } : { at: status, id: containerID ?? undefined, precise: false };
  };
  return { exitOf, stop: () => void child.kill() };
}

/** First time (ms) the API server showed each container of the namespace's pods terminated, by containerID. */
function watchTerminations(kubeconfig: string, ns: string) {
  const seen = new Map<string, number>();
  // One line per watch event (`{range}` prints nothing under --watch): the pod's terminated container ids.
  const template = '{.metadata.name} {.status.containerStatuses[*].state.terminated.containerID}{"\\n"}';
  const child = spawn("kubectl", ["-n", ns, "get", "pods", "-w", "-o", `jsonpath=${template}`], { env: { ...process.env, KUBECONFIG: kubeconfig } });
  let buffered = "";
  child.stdout.on("data", (chunk: Buffer) => {
    const now = Date.now();
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const id of lines.flatMap((l) => l.split(" ").slice(1)).filter(Boolean)) if (!seen.has(id)) seen.set(id, now);
  });
  return { get: (id: string) => seen.get(id), stop: () => void child.kill() };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
