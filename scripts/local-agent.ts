// Started by `npm run dev` when a Docker engine is reachable here: makes sure a Server named
// "local" exists with an agent credential (kept in .data/agent), then runs the agent against
// the dev server, so a new user sees their own machine as a Server right away.
// With `--kubeconfig PATH` it does the same for a Cluster named "local" (cluster mode, every
// capability on), which the end-to-end tests use.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import Docker from "dockerode";
import { DATA_DIR } from "./lib/local-env";
import { bin } from "./lib/run";

const coreUrl = process.argv[2] ?? "http://127.0.0.1:3000";
const kubeconfigFlag = process.argv.indexOf("--kubeconfig");
const kubeconfig = kubeconfigFlag > 0 ? process.argv[kubeconfigFlag + 1] : undefined;
const stateDir = path.join(DATA_DIR, kubeconfig ? "agent-k8s" : "agent");

async function dockerReachable() {
  try {
    await new Docker().ping();
    return true;
  } catch {
    return false;
  }
}

async function ensureLocalHost() {
  // Imported here: lib/db reads the environment that dev.ts prepared.
  const { db } = await import("../lib/db");
  const { randomToken, sha256 } = await import("../lib/secrets/crypto");
  const { serverConfig } = await import("../lib/resources/server/schema");
  const { clusterConfig } = await import("../lib/resources/cluster/schema");
  mkdirSync(stateDir, { recursive: true });
  const credentialFile = path.join(stateDir, "credential");
  const server = kubeconfig
    ? ((await db.cluster.findUnique({ where: { name: "local" }, include: { agent: true } })) ??
      (await db.cluster.create({
        data: { name: "local", description: "The local Kubernetes cluster", config: clusterConfig.parse({}) },
        include: { agent: true },
      })))
    : ((await db.server.findUnique({ where: { name: "local" }, include: { agent: true } })) ??
      (await db.server.create({
        data: {
          name: "local",
          description: "This machine, connected automatically by npm run dev",
          config: serverConfig.parse({ address: "unix:///var/run/docker.sock" }),
        },
        include: { agent: true },
      })));
  const link = kubeconfig ? { clusters: { connect: { id: server.id } } } : { servers: { connect: { id: server.id } } };
  const stored = existsSync(credentialFile) ? readFileSync(credentialFile, "utf8").trim() : "";
  const valid = stored && server.agent && !server.agent.revokedAt && server.agent.credentialHash === sha256(stored);
  if (!valid) {
    if (server.agent?.revokedAt) return false; // an admin revoked it: respect that
    const credential = randomToken("wha", 32);
    if (server.agent) await db.agent.update({ where: { id: server.agent.id }, data: { credentialHash: sha256(credential) } });
    else
      await db.agent.create({
        data: {
          name: `${kubeconfig ? "cluster" : "server"}-${server.id}`,
          mode: kubeconfig ? "kubernetes" : "docker",
          credentialHash: sha256(credential),
          ...link,
        },
      });
    writeFileSync(credentialFile, credential, { mode: 0o600 });
  }
  await db.$disconnect();
  return true;
}

async function main() {
  if (!kubeconfig && !(await dockerReachable())) {
    console.log("[local-agent] no Docker engine reachable here; not starting a local agent");
    return;
  }
  if (!(await ensureLocalHost())) {
    console.log("[local-agent] the local server's agent was revoked; not starting it");
    return;
  }
  const clusterArgs = kubeconfig ? ["--kubeconfig", kubeconfig, "--actions-basic", "--actions-advanced", "--pod-exec"] : [];
  const child = spawn(bin("tsx"), ["agent/main.ts", "--core", coreUrl, "--state-dir", stateDir, ...clusterArgs], {
    stdio: "inherit",
    env: { ...process.env, AGENT_STATE_DIR: stateDir },
  });
  const stop = () => child.kill("SIGTERM");
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  child.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((e) => {
  console.error(`[local-agent] ${(e as Error).message}`);
  process.exit(1);
});
