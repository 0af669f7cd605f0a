// Atomic changes to a resource's `info` (runtime state written by agents and executions).
// Several writers race here — container events, a finishing deploy, stats — so each merges
// its keys in one UPDATE instead of read-modify-write, which would lose the others' keys.
import { db } from "../db";
import type { BuildInfo } from "./build/info";
import type { ClusterInfo } from "./cluster/info";
import type { DeploymentInfo } from "./deployment/info";
import { resourceType } from "./registry";
import type { RepoInfo } from "./repo/info";
import type { ServerInfo } from "./server/info";
import type { StackInfo } from "./stack/info";
import type { SyncInfo } from "./sync/info";

/** Each type's `info` shape (declared in its folder); types without runtime state have none. */
export interface InfoOf {
  server: ServerInfo;
  cluster: ClusterInfo;
  deployment: DeploymentInfo;
  stack: StackInfo;
  repo: RepoInfo;
  build: BuildInfo;
  sync: SyncInfo;
}

/** Sets top-level keys of `info`, keeping the rest. */
export async function mergeInfo<T extends keyof InfoOf>(type: T, id: string, patch: Partial<InfoOf[T]>): Promise<void> {
  const { table } = resourceType(type);
  await db.$executeRawUnsafe(`UPDATE "${table}" SET info = COALESCE(info, '{}'::jsonb) || $1::jsonb WHERE id = $2`, JSON.stringify(patch), id);
}

/** Sets one key inside an object-valued key of `info` (e.g. services.web = "running"). */
export async function setInfoEntry<T extends keyof InfoOf>(type: T, id: string, key: keyof InfoOf[T] & string, entry: string, value: unknown): Promise<void> {
  const { table } = resourceType(type);
  await db.$executeRawUnsafe(
    `UPDATE "${table}" SET info = jsonb_set(COALESCE(info, '{}'::jsonb) || jsonb_build_object($1::text, COALESCE(info->$1, '{}'::jsonb)), ARRAY[$1::text, $2::text], $3::jsonb) WHERE id = $4`,
    key,
    entry,
    JSON.stringify(value),
    id,
  );
}
