// Build executions: on a Server of the Build's Builder, the agent checks the source out (or
// writes the Build's Dockerfile), builds with BuildKit and pushes each tag to each registry.
// On success the version is recorded with its commit and digest (and incremented first, when
// the Build auto-increments), and Deployments that redeploy on build are redeployed.
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { runOnAgent } from "../agents/commands";
import { db } from "../db";
import { AppError } from "../errors";
import type { BuildResult } from "../protocol/build";
import { commandReach, NO_HOST_ACCESS } from "../protocol/host-reach";
import type { BuildInfo, BuiltVersion } from "../resources/build/info";
import { buildConfig } from "../resources/build/schema";
import { mergeInfo } from "../resources/info";
import { builderServer } from "./builder";
import { redeployAfterBuild } from "./deployment";
import { gitSourceOf } from "./git";
import { registryTargets } from "./registry";
import { asExecution } from "./run";
import { executeOnServer, refuseHostReach } from "./target";
import { keyValues } from "./text";
import { loadInterpolator } from "./variables";

const HISTORY = 50;

/** 1.4.2 → 1.4.3. */
export const nextPatch = (version: string) => version.replace(/(\d+)$/, (n) => String(Number(n) + 1));

export async function runBuild(actor: Actor, id: string) {
  await authorize(actor, "execute", { kind: "resource", type: "build", id });
  const row = await db.build.findUniqueOrThrow({ where: { id }, select: { id: true, name: true, config: true, info: true } });
  const config = buildConfig.parse(row.config);
  // Everything that can be refused is, before the Update exists: nothing runs, nothing is recorded.
  const server = await builderServer(actor, config.builderId);
  const hostAccess = config.preBuildCommand.trim()
    ? refuseHostReach(commandReach("preBuildCommand", config.preBuildCommand), await executeOnServer(actor, server.serverId), () => "config.preBuildCommand")
    : NO_HOST_ACCESS;
  if (!config.imageName) throw new AppError("INVALID_INPUT", "Name the image first", { "config.imageName": ["Required"] });
  const git = config.source === "git" ? await gitSourceOf(config) : null;
  const registries = await registryTargets(config.registries);
  const version = config.autoIncrementVersion ? nextPatch(config.version) : config.version;

  return asExecution(actor, "RunBuild", { type: "build", ...row }, async (updateId) => {
    const vars = await loadInterpolator(actor);
    const resolve = (text: string, where: string) => vars.apply(text, where);
    const buildArgs = Object.fromEntries(Object.entries(keyValues(config.buildArgs)).map(([k, v]) => [k, resolve(v, `build arg ${k}`)]));
    const secretArgs = Object.fromEntries(Object.entries(keyValues(config.secretArgs)).map(([k, v]) => [k, resolve(v, `secret arg ${k}`)]));
    const preBuild = resolve(config.preBuildCommand, "the pre-build command");
    vars.assertComplete();
    const outcome = await runOnAgent(
      server.agentId,
      updateId,
      {
        kind: "build.run",
        // Its working folder on the agent: keyed by id, so Builds whose names slug alike never share one.
        name: `${row.name}-${row.id}`,
        source: git ? { kind: "git", git: git.source } : { kind: "dockerfile", dockerfile: config.dockerfile },
        buildPath: config.buildPath,
        dockerfilePath: config.dockerfilePath,
        buildArgs,
        secretArgs,
        labels: keyValues(config.labels),
        image: config.imageName,
        tags: [...(config.tagVersion ? [version] : []), ...(config.tagLatest || !config.tagVersion ? ["latest"] : [])],
        tagCommit: config.tagCommit,
        registries: registries.targets,
        preBuild,
        redact: [...vars.secretsUsed(), ...Object.values(secretArgs), ...(git?.secrets ?? []), ...registries.secrets],
        hostAccess,
      },
      3600,
    );
    if (!outcome.success) return outcome;
    const result = outcome.result as BuildResult;
    const built: BuiltVersion = { version, commit: result.commit, digest: result.digest, images: result.images, at: new Date().toISOString(), updateId };
    // The version moves only from the one this build started from: a config edited meanwhile wins.
    if (version !== config.version)
      await db.$executeRaw`UPDATE "Build" SET config = jsonb_set(config, '{version}', to_jsonb(${version}::text)) WHERE id = ${row.id} AND config->>'version' = ${config.version}`;
    const history = [built, ...(((await db.build.findUniqueOrThrow({ where: { id }, select: { info: true } })).info as BuildInfo).history ?? [])].slice(
      0,
      HISTORY,
    );
    await mergeInfo("build", row.id, { latest: built, history });
    await redeployAfterBuild(actor, row.id, updateId);
    return outcome;
  });
}
