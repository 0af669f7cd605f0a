// Kubernetes through Wheelhouse against kubectl on the same cluster, in the same run:
// scale and restart (API call → Update complete, vs the kubectl command), and how long after
// a container crashes its timeline event and its health monitor exist.
//   npx tsx scripts/with-db.ts tsx bench/kube.ts [rounds]
import { execFileSync } from "node:child_process";
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
    const run = async (payload: object) => {
      const { updateId } = await runKubeAction(admin.actor, { clusterId, payload });
      // Subscribed first, then the row read: an action that ended in between is seen either way.
      const done = updateDone(updateId);
      const row = await db.update.findUniqueOrThrow({ where: { id: updateId } });
      const u = row.status === "Complete" ? { success: Boolean(row.success), error: row.error } : await done;
      if (!u.success) throw new Error(u.error ?? "action failed");
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

    // A container that crashes every few seconds: from its exit to Wheelhouse knowing.
    execFileSync("kubectl", ["apply", "-f", "-"], { input: manifest("crash", "sleep 2; exit 1"), env: { ...process.env, KUBECONFIG: kubeconfig } });
    const uid = `Deployment|bench|${ns}|crash`;
    const event = await until(
      () => db.timelineEvent.findFirst({ where: { komodorUid: uid, type: "restart" }, orderBy: { at: "asc" } }),
      "the first restart event",
      120_000,
    );
    const monitor = await until(() => db.healthMonitor.findFirst({ where: { komodorUid: uid, checkType: "restartingContainers" } }), "the monitor", 120_000);
    // The exit time Kubernetes recorded for that crash travels in the event (1 s resolution).
    const firstCrash = Date.parse((event.details as { finishedAt: string }).finishedAt);
    console.log(`crash → timeline event: ${ms(event.at.getTime() - firstCrash)} (container exit times have 1 s resolution)`);
    console.log(`crash → health monitor (opens at the 2nd restart): ${ms(monitor.createdAt.getTime() - firstCrash)}`);
  } finally {
    kubectl("delete", "namespace", ns, "--wait=false");
    await stopAgent(agent);
    await core.close();
    await db.$disconnect();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
