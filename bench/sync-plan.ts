// P8: a ResourceSync plan for 1,000 declared resources against 1,000 existing ones (goal < 1 s):
// read the TOML, load what the actor may read, diff each field, decide deploys. Half the
// declarations change a field, so the plan has real diffs to compute. Reference: reading the
// same 1,000 rows by raw SQL, in the same run (the floor any plan stands on).
//   npx tsx scripts/with-db.ts tsx bench/sync-plan.ts [resources] [rounds]
import { db, dbPool } from "@/lib/db";
import { createResource } from "@/lib/resources/write";
import { refreshSync } from "@/lib/sync/service";
import { makeUser, resetDb } from "@/tests/helpers/db";
import { median, ms } from "./stats";

const N = Number(process.argv[2] ?? 1000);
const ROUNDS = Number(process.argv[3] ?? 5);

async function main() {
  await resetDb();
  const admin = await makeUser({ admin: true });
  const server = await createResource(admin.actor, "server", { name: "p8-host" });
  // Existing resources, inserted directly (creating 1,000 through the API is not what's measured).
  await db.deployment.createMany({
    data: Array.from({ length: N }, (_, i) => ({
      name: `p8-app-${i}`,
      config: {
        serverId: server.id,
        image: `registry.example/app-${i}:1`,
        env: `INDEX=${i}`,
        ports: "",
        volumes: "",
        network: "bridge",
        restart: "unless-stopped",
        command: "",
        labels: "",
        terminationSignal: "SIGTERM",
        terminationTimeoutSeconds: 10,
        redeployOnBuild: false,
        buildId: "",
        buildVersion: "latest",
        registryCredentialId: "",
      },
      createdById: admin.id,
      updatedById: admin.id,
    })),
  });
  const toml = Array.from(
    { length: N },
    (_, i) =>
      `[[deployment]]\nname = "p8-app-${i}"\ndeploy = true\n[deployment.config]\nserver_id = "p8-host"\nimage = "registry.example/app-${i}:${i % 2 ? 2 : 1}"\nenv = "INDEX=${i}"\n`,
  ).join("\n");
  const sync = await createResource(admin.actor, "sync", { name: "p8-sync", config: { source: "ui", contents: toml, pendingAlert: false } });

  const plans: number[] = [];
  const raws: number[] = [];
  let updates = 0;
  for (let r = 0; r < ROUNDS; r++) {
    let t = performance.now();
    const plan = await refreshSync(admin.actor, sync.id);
    plans.push(performance.now() - t);
    updates = plan.items.filter((i) => i.action === "update").length;
    if (plan.errors.length) throw new Error(plan.errors[0]!.message);
    t = performance.now();
    await dbPool()!.query(`SELECT id, name, description, tags, config, info, template FROM "Deployment"`);
    raws.push(performance.now() - t);
  }
  const plan = median(plans);
  const raw = median(raws);
  console.log(`P8 sync plan: ${N} declared vs ${N} existing (${updates} with a change), median of ${ROUNDS}`);
  console.log(`  plan     ${ms(plan)}   (goal < 1000 ms)`);
  console.log(`  raw SQL  ${ms(raw)}   (reading the same rows)`);
  console.log(`  ratio    ${(plan / raw).toFixed(1)}×`);
  await db.$disconnect();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
