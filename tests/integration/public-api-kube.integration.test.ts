// The public API over real cluster data: a real agent watches the local Kubernetes cluster,
// and Jobs/CronJobs made with kubectl come back from POST /api/v2/jobs/search with Komodor's
// statuses, a Job that fails becomes a workflow issue in POST /api/v2/clusters/issues/search,
// and a user with a policy on another namespace sees none of it.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as issuesRoute from "@/app/api/v2/clusters/issues/search/route";
import * as jobsRoute from "@/app/api/v2/jobs/search/route";
import { createEnrollmentToken } from "@/lib/agents/enrollment";
import { db } from "@/lib/db";
import { createResource } from "@/lib/resources/write";
import { createKubePolicy } from "@/lib/users/kube-policies";
import { ensureKubernetes } from "@/scripts/lib/k8s";
import { startAgent, startCore, stopAgent, until, type AgentProcess } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { call } from "../helpers/routes";

const ns = `wh-papi-${Date.now().toString(36)}`;
const stateDir = mkdtempSync(path.join(os.tmpdir(), "wh-papi-agent-"));
let kubeconfig: string;
let core: Awaited<ReturnType<typeof startCore>>;
let agent: AgentProcess;
let admin: TestUser;
let outsider: TestUser;

const kubectl = (...args: string[]) => execFileSync("kubectl", args, { env: { ...process.env, KUBECONFIG: kubeconfig }, encoding: "utf8" });
const apply = (manifest: object) =>
  execFileSync("kubectl", ["apply", "-f", "-"], {
    input: JSON.stringify(manifest),
    env: { ...process.env, KUBECONFIG: kubeconfig },
    encoding: "utf8",
    stdio: "pipe",
  });

const podSpec = (command: string) => ({
  restartPolicy: "Never",
  terminationGracePeriodSeconds: 1,
  containers: [{ name: "task", image: "local/busybox:1", imagePullPolicy: "Never", command: ["sh", "-c", command] }],
});
const job = (name: string, command: string) => ({
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: { name, namespace: ns },
  spec: { backoffLimit: 0, template: { spec: podSpec(command) } },
});

type Job = { name: string; kind: string; status: string; uid: string; startTime?: number; issueData?: { reason: string } };
const jobs = async (user: TestUser, body: object = {}) => {
  const res = await call(jobsRoute, "POST", "/api/v2/jobs/search", { key: user.key, body: { scope: { cluster: "local", namespaces: [ns] }, ...body } });
  expect(res.status, res.text).toBe(200);
  return res.json.data.jobs as Job[];
};

beforeAll(async () => {
  ({ kubeconfig } = await ensureKubernetes());
  kubectl("create", "namespace", ns);
  await resetDb();
  admin = await makeUser({ admin: true });
  outsider = await makeUser();
  core = await startCore();
  const clusterId = (await createResource(admin.actor, "cluster", { name: "local" })).id;
  await createKubePolicy(admin.actor, { userId: outsider.id, clusters: "local", namespaces: "default", actions: ["view"] });
  const { token } = await createEnrollmentToken(admin.actor, clusterId, "cluster");
  agent = startAgent(core.url, stateDir, token, ["--kubeconfig", kubeconfig]);
  await until(
    async () => ((await db.cluster.findUniqueOrThrow({ where: { id: clusterId } })).info as { status?: string }).status === "ok",
    `the cluster agent to connect:\n${agent.output()}`,
    60_000,
  );
}, 1_800_000);

afterAll(async () => {
  try {
    kubectl("delete", "namespace", ns, "--wait=false");
  } catch {
    // already gone
  }
  if (agent) await stopAgent(agent);
  await core?.close();
  rmSync(stateDir, { recursive: true, force: true });
});

describe("the public API over a real cluster", () => {
  it("reports kubectl-made Jobs and CronJobs with Komodor's statuses", async () => {
    apply(job("ok", "exit 0"));
    apply(job("bad", "exit 3"));
    // v1.20 serves CronJob as batch/v1beta1 only; newer clusters serve batch/v1 (and may drop v1beta1).
    const cron = (apiVersion: string) =>
      apply({
        apiVersion,
        kind: "CronJob",
        metadata: { name: "nightly", namespace: ns },
        spec: { schedule: "0 3 * * *", suspend: true, jobTemplate: { spec: { template: { spec: podSpec("true") } } } },
      });
    try {
      cron("batch/v1");
    } catch {
      cron("batch/v1beta1");
    }

    const byName = await until(
      async () => {
        const found = Object.fromEntries((await jobs(admin)).map((j) => [j.name, j]));
        return found.ok?.status === "completed" && found.bad?.status === "failed" && found.nightly ? found : undefined;
      },
      "the jobs to finish and show up",
      120_000,
    );
    expect(byName.ok).toMatchObject({ kind: "Job", uid: `Job-local-${ns}-ok`, startTime: expect.any(Number) });
    expect(Number.isInteger(byName.ok?.startTime)).toBe(true);
    expect(byName.bad?.issueData?.reason).toBe("BackoffLimitExceeded");
    expect(byName.nightly).toMatchObject({ kind: "CronJob", status: "suspended" });
    expect((await jobs(admin, { status: "failed" })).map((j) => j.name)).toEqual(["bad"]);
  });

  it("turns the failed Job into an open workflow issue", async () => {
    const search = (user: TestUser) =>
      call(issuesRoute, "POST", "/api/v2/clusters/issues/search", {
        key: user.key,
        body: { scope: { cluster: "local", namespaces: [ns] }, props: { type: "workflow-issue", statuses: ["open"] } },
      });
    const issue = await until(
      async () => ((await search(admin)).json.data.issues as { name: string; kind: string; status: string }[]).find((i) => i.name === "bad"),
      "a workflow issue for the failed job",
      60_000,
    );
    expect(issue).toMatchObject({ kind: "Job", status: "open", type: "workflow-issue" });
    expect((await search(outsider)).json.data.issues).toEqual([]);
  });

  it("shows a user with a policy on another namespace none of these jobs", async () => {
    expect(await jobs(outsider)).toEqual([]);
  });
});
