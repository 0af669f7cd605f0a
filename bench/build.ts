// A build through Wheelhouse (API call → Update complete: the agent clones, builds with
// BuildKit and pushes) against the same by hand, in the same run: `git clone --depth 1`,
// `docker build` and `docker push` of the same source to the same registry. Each round changes
// a build arg, so both really build a layer and push it.
//   npx tsx scripts/with-db.ts tsx bench/build.ts [rounds]
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildkitCli } from "@/agent/build/cli";
import { db } from "@/lib/db";
import { runBuild } from "@/lib/executions/build";
import { createResource, updateResource } from "@/lib/resources/write";
import { startGitServers } from "@/tests/helpers/git-servers";
import { startRegistry } from "@/tests/helpers/registry";
import { describePhases, phasesOf, type Phases } from "./breakdown";
import { setup, updateDone } from "./lib";
import { median, ms } from "./stats";

const rounds = Number(process.argv[2] ?? 5);

async function main() {
  const env = await setup();
  const git = await startGitServers();
  const registry = await startRegistry({ username: "bench", password: `pw-${Date.now().toString(36)}` });
  const images = new Set<string>();
  try {
    await git.createRepo("app", {
      Dockerfile: 'FROM local/busybox:1\nARG ROUND\nRUN echo "round $ROUND" > /round && dd if=/dev/urandom of=/blob bs=1k count=256 2>/dev/null\n',
    });
    const builderId = (await createResource(env.admin.actor, "builder", { name: "bench", config: { serverIds: [env.serverId] } })).id;
    const credentialId = (
      await createResource(env.admin.actor, "credential", {
        name: "registry",
        config: { kind: "registry", domain: registry.host, username: registry.username, token: registry.password },
      })
    ).id;
    const config = (round: string) => ({
      builderId,
      source: "git",
      repoUrl: git.urls("app").git,
      imageName: "bench/app",
      tagLatest: false,
      autoIncrementVersion: true,
      buildArgs: `ROUND=${round}`,
      registries: [{ domain: registry.host, organization: "", credentialId }],
    });
    const buildId = (await createResource(env.admin.actor, "build", { name: "bench-app", config: config("w0") })).id;

    // By hand: logged in once (as an operator would be), then clone, build, push.
    const cli = await buildkitCli();
    const dockerConfig = mkdtempSync(path.join(os.tmpdir(), "wh-bench-docker-"));
    writeFileSync(
      path.join(dockerConfig, "config.json"),
      JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from(`${registry.username}:${registry.password}`).toString("base64") } } }),
    );
    const byHand = (round: string) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "wh-bench-clone-"));
      const image = `${registry.host}/bench/hand:${round}`;
      images.add(image);
      try {
        execFileSync("git", ["clone", "-q", "--depth", "1", git.urls("app").git, dir]);
        execFileSync(cli, ["build", "-q", "--build-arg", `ROUND=${round}`, "-t", image, dir], {
          env: { ...process.env, DOCKER_BUILDKIT: "1" },
          stdio: "ignore",
        });
        execFileSync(cli, ["--config", dockerConfig, "push", image], { stdio: "ignore" });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };

    const viaWheelhouse: number[] = [];
    const viaCli: number[] = [];
    const phases: Phases[] = [];
    for (let i = 0; i < rounds; i++) {
      await updateResource(env.admin.actor, "build", buildId, { config: { ...config(`w${i}-${Date.now()}`), version: `0.1.${i * 2}` } });
      const start = performance.now();
      const startedAt = Date.now();
      const { updateId } = await runBuild(env.admin.actor, buildId);
      const done = updateDone(updateId);
      const row = await db.update.findUniqueOrThrow({ where: { id: updateId } });
      const update = row.status === "Complete" ? { success: Boolean(row.success), error: row.error } : await done;
      if (!update.success) throw new Error(`build failed: ${update.error}`);
      viaWheelhouse.push(performance.now() - start);
      phases.push(await phasesOf(updateId, startedAt, Date.now()));
      images.add(`${registry.host}/bench/app:0.1.${i * 2 + 1}`);

      const handStart = performance.now();
      byHand(`h${i}-${Date.now()}`);
      viaCli.push(performance.now() - handStart);
    }
    rmSync(dockerConfig, { recursive: true, force: true });
    console.log(
      `build+push: Wheelhouse ${ms(median(viaWheelhouse))}, by hand (git clone, docker build, docker push) ${ms(median(viaCli))}, ratio ${(median(viaWheelhouse) / median(viaCli)).toFixed(2)}x (median of ${rounds})`,
    );
    console.log(`  breakdown: ${describePhases(phases)}`);
  } finally {
    for (const image of images) execFileSync("docker", ["rmi", "-f", image], { stdio: "ignore" });
    await registry.stop();
    await git.stop();
    await env.teardown();
  }
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
