// What each procedure step runs, and the resources a step's target picks at run time. A step on
// resources is the same execution a button runs (lib/resources/executions.ts), authorized the
// same way for the principal running the procedure, once per matched resource.
import "../server-only";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { matchesPattern } from "../authz/pattern";
import { db } from "../db";
import { AppError } from "../errors";
import { executeOnServer } from "../executions/target";
import type { ResourceTypeKey } from "../resources/define";
import { executionFor } from "../resources/executions";
import { TYPE_NAMES } from "../resources/names";
import type { ProcedureOperation, procedureStep } from "../resources/procedure/schema";
import { readableIds } from "../resources/read";
import { resourceDelegate } from "../resources/store";
import type { z } from "zod";

export type Step = z.infer<typeof procedureStep>;

/** Steps on resources: the type they pick from and the execution they run on each. */
const RESOURCE_STEPS: Partial<Record<ProcedureOperation, { type: ResourceTypeKey; operation: (step: Step) => string }>> = {
  RunProcedure: { type: "procedure", operation: () => "run" },
  Deploy: { type: "deployment", operation: () => "deploy" },
  StartDeployment: { type: "deployment", operation: () => "start" },
  StopDeployment: { type: "deployment", operation: () => "stop" },
  RestartDeployment: { type: "deployment", operation: () => "restart" },
  DeployStack: { type: "stack", operation: () => "deploy" },
  DeployStackIfChanged: { type: "stack", operation: () => "deploy-if-changed" },
  PullStack: { type: "stack", operation: () => "pull" },
  StartStack: { type: "stack", operation: () => "start" },
  StopStack: { type: "stack", operation: () => "stop" },
  RestartStack: { type: "stack", operation: () => "restart" },
  RunBuild: { type: "build", operation: () => "run" },
  PullRepo: { type: "repo", operation: () => "pull" },
  CloneRepo: { type: "repo", operation: () => "clone" },
  PruneServer: { type: "server", operation: (s) => `prune-${String(s.params.what ?? "images")}` },
  StartAllContainers: { type: "server", operation: () => "start-all-containers" },
  StopAllContainers: { type: "server", operation: () => "stop-all-containers" },
  RestartAllContainers: { type: "server", operation: () => "restart-all-containers" },
};

export interface Matched {
  type: ResourceTypeKey;
  id: string;
  name: string;
}

export interface PreparedResourceStep {
  kind: "resources";
  operation: string;
  type: ResourceTypeKey;
  matched: Matched[];
}

export function resourceStepOf(step: Step) {
  return RESOURCE_STEPS[step.operation];
}

/**
 * The resources a target picks, among those the principal can see: a name, a `*` pattern, a
 * \regex\ or tag:NAME. Picking nothing is an error (a typo must not make a step a silent no-op).
 */
export async function resolveTarget(actor: Actor, type: ResourceTypeKey, target: string): Promise<Matched[]> {
  const readable = new Set(await readableIds(actor, type));
  let tagId: string | undefined;
  if (target.startsWith("tag:")) {
    tagId = (await db.tag.findUnique({ where: { name: target.slice(4) }, select: { id: true } }))?.id;
    if (!tagId) throw new AppError("INVALID_INPUT", `There is no tag ${target.slice(4)}`);
  }
  const rows = await resourceDelegate(db, type).findMany({
    where: { template: false },
    select: { id: true, name: true, tags: true },
    orderBy: { name: "asc" },
  });
  const matched = rows
    .filter((r) => readable.has(r.id) && (tagId ? r.tags.includes(tagId) : matchesPattern(target, r.name)))
    .map((r) => ({ type, id: r.id, name: r.name }));
  if (!matched.length) throw new AppError("INVALID_INPUT", `${target} matches no ${TYPE_NAMES[type].plural} you can see`);
  return matched;
}

/**
 * Resolves a resource step and checks, for every resource it picked, that the principal may run
 * it (the operation's permission on the resource, and Execute on the Server it runs on): a step
 * that would be refused halfway is refused before its stage starts.
 */
export async function prepareResourceStep(actor: Actor, step: Step): Promise<PreparedResourceStep> {
  const kind = RESOURCE_STEPS[step.operation];
  if (!kind) throw new AppError("INVALID_INPUT", `${step.operation} is not an execution on resources`);
  const operation = kind.operation(step);
  const { permission } = executionFor(kind.type, operation);
  const matched = await resolveTarget(actor, kind.type, step.target);
  for (const m of matched) {
    await authorize(actor, permission, { kind: "resource", type: m.type, id: m.id }).catch((e) => {
      if (e instanceof AppError && (e.code === "FORBIDDEN" || e.code === "NOT_FOUND"))
        throw new AppError(
          "FORBIDDEN",
          `${actor.username} may not ${operation} ${TYPE_NAMES[m.type].label.toLowerCase()} ${m.name}: it needs the ${permission} permission`,
        );
      throw e;
    });
    const serverId = await serverOf(m);
    if (serverId) await executeOnServer(actor, serverId);
  }
  return { kind: "resources", operation, type: kind.type, matched };
}

async function serverOf(m: Matched): Promise<string | undefined> {
  if (m.type !== "deployment" && m.type !== "stack" && m.type !== "repo") return undefined;
  const row = await resourceDelegate(db, m.type).findUnique({ where: { id: m.id }, select: { config: true } });
  const serverId = (row?.config as { serverId?: unknown } | undefined)?.serverId;
  return typeof serverId === "string" && serverId ? serverId : undefined;
}
