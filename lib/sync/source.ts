// Where a ResourceSync's TOML comes from: its own text (written in the UI), a git repository, or
// a folder on a Server's host. Core never clones and never reads a host's disk itself: the
// Sync's Server's agent does (agent/sync/read.ts) and sends the files back (lib/protocol/sync.ts).
// Reading needs Read on the Sync; a git or host source also runs on its Server, which is a
// boundary (Execute on it, and a host folder only where the Server allows it, as for Stacks).
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { request } from "../agents/requests";
import { db } from "../db";
import { AppError, notFound, type AppErrorCode, type FieldErrors } from "../errors";
import { gitSourceOf } from "../executions/git";
import { agentOfServer, executeOnServer, refuseHostReach } from "../executions/target";
import { hostPathReach } from "../protocol/host-reach";
import { SyncFilesAssembler, type SyncReadEnd, type SyncReadRequest } from "../protocol/sync";
import { syncConfig } from "../resources/sync/schema";
import { redactor } from "../secrets/redact";

export interface SourceFile {
  path: string;
  contents: string;
}

export interface SyncSource {
  files: SourceFile[];
  /** The commit read, for git sources. */
  commit?: string;
  /** Its message's first line. */
  message?: string;
}

/** The one file of a Sync whose TOML is written in the UI. */
export const UI_SOURCE_PATH = "(ui)";

/** How long a clone and read may take before core gives up on the agent. */
const READ_TIMEOUT_MS = 120_000;

type SourceMessage = Omit<SyncReadRequest, "requestId">;

export async function readSyncSource(actor: Actor, syncId: string): Promise<SyncSource> {
  await authorize(actor, "read", { kind: "resource", type: "sync", id: syncId });
  const row = await db.resourceSync.findUnique({ where: { id: syncId }, select: { name: true, config: true } });
  if (!row) throw notFound("Sync");
  // Parsed again, so a row saved before a rule existed (a path climbing out) can't slip through.
  const parsed = syncConfig.safeParse(row.config);
  if (!parsed.success) {
    const fields: FieldErrors = {};
    for (const issue of parsed.error.issues) (fields[["config", ...issue.path].join(".")] ??= []).push(issue.message);
    throw new AppError("CONFLICT", `Sync ${row.name}'s configuration is not valid: fix it before reading its source`, fields);
  }
  const config = parsed.data;
  if (config.source === "ui") return { files: [{ path: UI_SOURCE_PATH, contents: config.contents }] };

  if (!config.serverId) {
    const message =
      config.source === "git"
        ? "A git source is cloned by a Server's agent (core never runs git): choose the server in serverId"
        : "A host source reads a folder on a Server: choose the server in serverId";
    throw new AppError("CONFLICT", message, { "config.serverId": ["Choose a server"] });
  }
  const grant = await executeOnServer(actor, config.serverId);
  if (!grant) throw new AppError("CONFLICT", "The sync's server no longer exists", { "config.serverId": ["No such server"] });

  let message: SourceMessage;
  let secrets: string[] = [];
  if (config.source === "host") {
    // As for a Stack's host folder: allowed host paths may be read by anyone with Execute on the
    // Server; any other folder needs the Server's host access and Terminal on it.
    const reach = hostPathReach(config.hostPath, grant.hostAccess);
    const hostAccess = refuseHostReach(
      reach ? [{ where: "hostPath", option: "hostPath", detail: `reads the host folder ${config.hostPath}` }] : [],
      grant,
      () => "config.hostPath",
    );
    message = { type: "sync.read.request", syncId, source: { kind: "host", folder: config.hostPath, hostAccess }, paths: config.paths };
  } else {
    const { source, secrets: used } = await gitSourceOf({ ...config, commit: "" });
    secrets = used;
    message = { type: "sync.read.request", syncId, source: { kind: "git", git: source }, paths: config.paths };
  }
  const { agentId, capabilities } = await agentOfServer(config.serverId);
  // An older agent would ignore the request, and the read would wait out its timeout.
  if (!capabilities?.syncRead)
    throw new AppError("CONFLICT", `Server ${grant.serverName}'s agent is older than this core and can't read a Sync's files: upgrade the agent`, {
      "config.serverId": ["The agent needs upgrading"],
    });
  return ask(agentId, message, grant.serverName, secrets);
}

/** Sends the request and puts the reply together; an agent's failure becomes an error on its field. */
async function ask(agentId: string, message: SourceMessage, serverName: string, secrets: string[]): Promise<SyncSource> {
  const files = new SyncFilesAssembler();
  let end: SyncReadEnd | undefined;
  let broken: string | undefined;
  const asked = await request(
    agentId,
    message,
    (data) => {
      const reply = data as { type: string };
      if (reply.type === "sync.read.end") end = data as SyncReadEnd;
      else if (!broken) {
        try {
          for (const chunk of (data as { chunks: Parameters<SyncFilesAssembler["add"]>[0][] }).chunks) files.add(chunk);
        } catch (e) {
          broken = (e as Error).message;
        }
      }
    },
    READ_TIMEOUT_MS,
  );
  try {
    await asked.done;
  } catch (e) {
    throw new AppError("AGENT_OFFLINE", `Server ${serverName}'s agent did not send the sync's files: ${(e as Error).message}`);
  }
  if (!end) throw new AppError("AGENT_OFFLINE", `Server ${serverName}'s agent ended the read without an answer`);
  // The agent redacts already; a secret must never reach a user, so core does again.
  if (end.error) throw failure(end, redactor(secrets)(end.error));
  if (broken) throw new AppError("INTERNAL", `Server ${serverName}'s agent sent a bad reply: ${broken}`);
  try {
    return { files: files.finish(end.files), commit: end.commit, message: end.message };
  } catch (e) {
    throw new AppError("INTERNAL", `Server ${serverName}'s agent sent a bad reply: ${(e as Error).message}`);
  }
}

const CODES: Record<NonNullable<SyncReadEnd["failure"]>, AppErrorCode> = { git: "UPSTREAM_FAILED", source: "CONFLICT", forbidden: "FORBIDDEN" };

function failure(end: SyncReadEnd, error: string): AppError {
  const code = CODES[end.failure ?? "source"];
  return new AppError(code, error, end.field ? { [`config.${end.field}`]: [error] } : undefined);
}
