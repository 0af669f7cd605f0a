// What a Repo, Build or git Stack would get from its remote now, asked through the agent that
// clones it (core never reaches the remote itself): the page shows it beside what was deployed
// or checked out, so "behind" is visible before anyone deploys.
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { request } from "../agents/requests";
import { db } from "../db";
import { AppError, notFound } from "../errors";
import { buildConfig } from "../resources/build/schema";
import { repoConfig } from "../resources/repo/schema";
import { stackConfig } from "../resources/stack/schema";
import { builderServer } from "./builder";
import { gitSourceOf } from "./git";
import { gitFieldsOf } from "./stack";
import { agentOfServer } from "./target";

export const GIT_TYPES = { repos: "repo", builds: "build", stacks: "stack" } as const;

/** The source and the server whose agent asks; null for a resource that isn't from git. */
async function whereToAsk(actor: Actor, type: "repo" | "build" | "stack", id: string) {
  if (type === "repo") {
    const config = repoConfig.parse((await db.repo.findUniqueOrThrow({ where: { id } })).config);
    return { fields: config, serverId: config.serverId };
  }
  if (type === "build") {
    const config = buildConfig.parse((await db.build.findUniqueOrThrow({ where: { id } })).config);
    if (config.source !== "git") return null;
    return { fields: config, serverId: (await builderServer(actor, config.builderId)).serverId };
  }
  const config = stackConfig.parse((await db.stack.findUniqueOrThrow({ where: { id } })).config);
  if (config.source !== "git") return null;
  return { fields: await gitFieldsOf(config), serverId: config.serverId };
}

export async function remoteHead(actor: Actor, plural: string, id: string): Promise<{ branch: string; hash: string | null; error?: string }> {
  const type = GIT_TYPES[plural as keyof typeof GIT_TYPES];
  if (!type) throw notFound("Resource");
  // Asking uses the resource's credential, so it needs what using it does: Execute.
  await authorize(actor, "execute", { kind: "resource", type, id });
  const where = await whereToAsk(actor, type, id);
  if (!where) throw new AppError("CONFLICT", "This is not from a git repository");
  const { source } = await gitSourceOf({ ...where.fields, commit: "" });
  const { agentId } = await agentOfServer(where.serverId);
  let hash: string | null = null;
  try {
    const asked = await request(agentId, { type: "git.head.request", source }, (data) => (hash = (data as { hash: string | null }).hash), 30_000);
    await asked.done;
  } catch (e) {
    return { branch: source.branch, hash: null, error: (e as Error).message };
  }
  return { branch: source.branch, hash };
}
