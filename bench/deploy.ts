// Deploy through Wheelhouse (API call → Update complete, via core and the agent) against
// `docker rm -f` + `docker run -d` of the same container with the CLI, in the same run.
//   npx tsx scripts/with-db.ts tsx bench/deploy.ts [rounds]
import { execFileSync, spawnSync } from "node:child_process";
import { db } from "@/lib/db";
import { deploy } from "@/lib/executions/deployment";
import { createResource } from "@/lib/resources/write";
import { describePhases, phasesOf, type Phases } from "./breakdown";
import { setup, updateDone } from "./lib";
import { median, ms } from "./stats";

const rounds = Number(process.argv[2] ?? 7);

async function main() {
  const env = await setup();
  const name = `wh-bench-deploy-${Date.now().toString(36)}`;
  const d = await createResource(env.admin.actor, "deployment", {
    name,
    config: { serverId: env.serverId, image: "local/busybox:1", command: "sleep 3600", terminationTimeoutSeconds: 0, restart: "no" },
  });
  const viaWheelhouse: number[] = [];
  const phases: Phases[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    const startedAt = Date.now();
    const { updateId } = await deploy(env.admin.actor, d.id);
    const done = updateDone(updateId);
    const row = await db.update.findUniqueOrThrow({ where: { id: updateId } });
    const update = row.status === "Complete" ? { success: Boolean(row.success), error: row.error } : await done;
    if (!update.success) throw new Error(`deploy failed: ${update.error}`);
    viaWheelhouse.push(performance.now() - start);
    phases.push(await phasesOf(updateId, startedAt, Date.now()));
  }
  execFileSync("docker", ["rm", "-f", name]);
  const direct: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    spawnSync("docker", ["rm", "-f", name], { stdio: "ignore" }); // may not exist yet
    execFileSync("docker", ["run", "-d", "--name", name, "local/busybox:1", "sleep", "3600"], { stdio: "ignore" });
    direct.push(performance.now() - start);
  }
  execFileSync("docker", ["rm", "-f", name], { stdio: "ignore" });
  const a = median(viaWheelhouse);
  const b = median(direct);
  console.log(`deploy via Wheelhouse (median of ${rounds}): ${ms(a)}`);
  console.log(`docker rm -f + docker run -d (median of ${rounds}): ${ms(b)}`);
  console.log(`ratio Wheelhouse / docker CLI: ${(a / b).toFixed(2)}x`);
  console.log(`  breakdown: ${describePhases(phases)}`);
  await db.deployment.delete({ where: { id: d.id } });
  await env.teardown();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
