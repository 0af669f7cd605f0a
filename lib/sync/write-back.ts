// Managed mode (issue 14, point 5): a change made in the UI or API to a resource a managed Sync
// owns (`info.syncedBy`) is written back to the Sync's source inside the change's transaction,
// after the row was validated and written: the resource's new entry replaces only the lines of
// the entry that declares it (its `[[table]]` header to the next header, less the comments and
// blank lines that lead into the next entry), keeping the rest of the file byte for byte and
// the entry's `deploy` and `after`. A git source is committed and pushed by the Sync's Server's
// agent (agent/sync/write.ts); a UI source's own text is rewritten in the same transaction; a
// host folder is never written. Whatever can't be written refuses the change with the reason,
// and the transaction rolls back: the source and the row never disagree because of the UI.
// A Sync's own writes (apply.ts) go through updateIn directly and never come here.
import "../server-only";
import { stringify } from "smol-toml";
import type { Actor } from "../authz/actor";
import { request } from "../agents/requests";
import { db, type Tx } from "../db";
import { AppError, isAppError } from "../errors";
import { gitSourceOf } from "../executions/git";
import { agentOfServer } from "../executions/target";
import { SYNC_WRITE_MAX_CHARS, type SyncWriteEnd } from "../protocol/sync";
import type { ResourceTypeKey } from "../resources/define";
import { resourceType } from "../resources/registry";
import { resourceDelegate } from "../resources/store";
import { syncConfig } from "../resources/sync/schema";
import { redactor } from "../secrets/redact";
import { entryOf } from "./entry";
import { FilePositions } from "./positions";
import { readDeclarations, TABLE_OF } from "./read";
import { NameIndex } from "./refs";
import { readSyncSource, UI_SOURCE_PATH, type SourceFile } from "./source";
import { SYNCED_BY } from "./world";

type Config = Record<string, unknown>;

/** A UI Sync's text is at most this long (its config schema's bound). */
const UI_CONTENTS_MAX = 512 * 1024;

/** How long the agent may take to fetch, commit and push. */
const WRITE_TIMEOUT_MS = 120_000;
/** The longest a change that writes back may hold its transaction: a read, then a write. */
export const WRITE_BACK_TX_TIMEOUT_MS = 300_000;

export interface WrittenRow {
  id: string;
  name: string;
  description: string;
  tags: string[];
  config: unknown;
  info: unknown;
}

/** The managed Sync that owns a resource (by its row's `info.syncedBy`), or null. */
async function managingSync(tx: Tx, info: unknown) {
  const syncId = (info as Config | null)?.[SYNCED_BY];
  if (typeof syncId !== "string") return null;
  const row = await tx.resourceSync.findUnique({ where: { id: syncId }, select: { id: true, name: true, config: true } });
  const parsed = row && syncConfig.safeParse(row.config);
  if (!row || !parsed?.success || !parsed.data.managed) return null;
  return { id: row.id, name: row.name, raw: row.config as Config, config: parsed.data };
}

const ownedMessage = (type: ResourceTypeKey, name: string, sync: string) =>
  `${resourceType(type).label} ${name} is managed by sync ${sync}: remove or rename it in its TOML`;

/** Deleting a resource a managed Sync owns is refused: its TOML would bring it back. */
export async function refuseManagedDelete(type: ResourceTypeKey, id: string): Promise<void> {
  const row = await resourceDelegate(db, type).findUnique({ where: { id }, select: { name: true, info: true } });
  const sync = row && (await managingSync(db, row.info));
  if (sync) throw new AppError("CONFLICT", ownedMessage(type, row.name, sync.name));
}

/**
 * Writes a changed resource back to its managed Sync's source; returns lines for the change's
 * Update (none when no managed Sync owns it or the entry comes out the same).
 */
export async function writeBack(tx: Tx, actor: Actor, type: ResourceTypeKey, before: WrittenRow, after: WrittenRow): Promise<string[]> {
  const sync = await managingSync(tx, after.info);
  // A Sync that declares itself: its own entry would have to hold the text it is written into.
  if (!sync || (type === "sync" && sync.id === after.id)) return [];
  const label = resourceType(type).label.toLowerCase();
  if (before.name !== after.name) throw new AppError("CONFLICT", ownedMessage(type, before.name, sync.name));
  if (sync.config.source === "host")
    throw new AppError(
      "CONFLICT",
      `Sync ${sync.name} reads a host folder, whose files are not written from Wheelhouse: change ${label} ${before.name} in its TOML there`,
    );

  const source =
    sync.config.source === "ui"
      ? { files: [{ path: UI_SOURCE_PATH, contents: sync.config.contents }], commit: undefined }
      : await readSyncSource(actor, sync.id).catch((e: unknown) => {
          if (!isAppError(e)) throw e;
          throw new AppError(e.code, `Sync ${sync.name}'s files could not be read to write the change back, so it was not saved: ${e.message}`, e.fields);
        });
  const spliced = splice(type, before.name, sync.name, source.files, await entryText(tx, type, after));
  if (!spliced) return [];

  if (sync.config.source === "ui") {
    if (spliced.contents.length > UI_CONTENTS_MAX)
      throw new AppError("CONFLICT", `Sync ${sync.name}'s TOML would grow past its limit: the change was not saved`);
    await tx.resourceSync.update({ where: { id: sync.id }, data: { config: { ...sync.raw, contents: spliced.contents } } });
    return [`Written into sync ${sync.name}'s TOML`];
  }
  if (spliced.contents.length > SYNC_WRITE_MAX_CHARS)
    throw new AppError(
      "CONFLICT",
      `${spliced.path} in sync ${sync.name}'s repository is too large to write back (over ${SYNC_WRITE_MAX_CHARS / 1024} K characters)`,
    );
  const commit = await commitToRepo(sync, spliced, source.commit ?? "", `Update ${label} ${before.name} (${actor.username}, via Wheelhouse)`);
  return [`Committed to sync ${sync.name}'s repository as ${commit.slice(0, 12)}: ${spliced.path}`];
}

/** The resource's new `[[table]]` entry as TOML, as an export would write it. */
async function entryText(tx: Tx, type: ResourceTypeKey, row: WrittenRow): Promise<Config> {
  const index = new NameIndex();
  for (const ref of new Set((resourceType(type).references ?? []).map((r) => r.type)))
    for (const r of await resourceDelegate(tx, ref).findMany({ select: { id: true, name: true } })) index.add(ref, r.id, r.name);
  const tags = await tx.tag.findMany({ where: { id: { in: row.tags } }, select: { id: true, name: true } });
  const tagNames = new Map(tags.map((t) => [t.id, t.name]));
  return entryOf(
    {
      type,
      id: row.id,
      name: row.name,
      description: row.description,
      tags: row.tags.map((t) => tagNames.get(t) ?? t),
      config: row.config as Config,
      info: {},
      secrets: {},
      template: false,
    },
    index,
  );
}

/** The file declaring the resource with its entry's lines replaced, or null when nothing changes. */
function splice(type: ResourceTypeKey, name: string, syncName: string, files: SourceFile[], entry: Config): { path: string; contents: string } | null {
  const table = TABLE_OF[type];
  const { resources, errors } = readDeclarations(files, { includeVariables: true });
  const found = resources.find((r) => r.type === type && r.name === name);
  const refuse = (why: string) => {
    throw new AppError("CONFLICT", `${resourceType(type).label} ${name} is managed by sync ${syncName}, but ${why}: the change was not saved`);
  };
  if (!found) {
    const first = errors[0];
    return refuse(
      `its [[${table}]] entry was not found in the sync's files${first ? ` (they have errors; the first: ${first.file}:${first.line}: ${first.message})` : ""}`,
    );
  }
  const file = files.find((f) => f.path === found.at.file)!;
  const positions = new FilePositions(file.path, file.contents);
  let block;
  for (let n = 0, b = positions.block(table, 0); b; b = positions.block(table, ++n)) if (b.start === found.at.line - 1) block = b;
  if (!block) return refuse(`${file.path} declares it without a [[${table}]] header, so its lines can't be replaced`);

  // deploy and after say how the sync deploys it: not part of the resource, kept as written.
  const { config, ...head } = entry;
  const keep = type === "variable" ? {} : { ...(found.deploy ? { deploy: true } : {}), ...(found.after.length ? { after: found.after } : {}) };
  const text = stringify({ [table]: [{ ...head, ...keep, ...(config ? { config } : {}) }] });

  const lines = file.contents.split("\n");
  let end = block.end;
  // Comments and blank lines at the end of the block lead into what follows: they stay.
  while (end > block.start + 1 && /^\s*(#.*)?\r?$/.test(lines[end - 1]!)) end--;
  const cr = lines[block.start]!.endsWith("\r") ? "\r" : "";
  const replacement = text
    .replace(/\n$/, "")
    .split("\n")
    .map((l) => l + cr);
  const contents = [...lines.slice(0, block.start), ...replacement, ...lines.slice(end)].join("\n");
  return contents === file.contents ? null : { path: file.path, contents };
}

/** Has the Sync's Server's agent commit and push the file; an agent's failure refuses the change. */
async function commitToRepo(
  sync: NonNullable<Awaited<ReturnType<typeof managingSync>>>,
  file: { path: string; contents: string },
  base: string,
  message: string,
): Promise<string> {
  const { source, secrets } = await gitSourceOf({ ...sync.config, commit: "" });
  const { agentId, capabilities } = await agentOfServer(sync.config.serverId);
  const refused = (why: string) =>
    new AppError("UPSTREAM_FAILED", `Sync ${sync.name}'s repository could not be written back, so the change was not saved: ${why}`);
  if (!capabilities?.syncWrite)
    throw new AppError("CONFLICT", `Sync ${sync.name}'s server agent is older than this core and can't commit to its repository: upgrade the agent`);
  let end: SyncWriteEnd | undefined;
  let asked;
  try {
    asked = await request(
      agentId,
      { type: "sync.write.request", syncId: sync.id, git: source, path: file.path, contents: file.contents, base, message },
      (data) => void ((data as { type: string }).type === "sync.write.end" && (end = data as SyncWriteEnd)),
      WRITE_TIMEOUT_MS,
    );
    await asked.done;
  } catch (e) {
    throw refused(`the server's agent did not answer: ${(e as Error).message}`);
  }
  if (!end) throw refused("the server's agent ended without an answer");
  // The agent redacts already; a secret must never reach a user, so core does again.
  if (end.error || !end.commit) throw refused(redactor(secrets)(end.error ?? "no commit"));
  return end.commit;
}
