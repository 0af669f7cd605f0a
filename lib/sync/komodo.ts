// Komodo's TOML shapes that differ from Wheelhouse's, read into ours, so a Komodo sync repo
// works as written: `environment` for env, `image = { type = "Build", params.build = … }`,
// `repo` + `git_provider` for a git URL, `git_account` for the credential, `linked_repo`, and
// procedures' `[[procedure.config.stage]]` with `{ execution.type, execution.params }` steps
// (Batch* executions take `pattern`). Our own export writes procedures the same way.
import type { ResourceTypeKey } from "../resources/define";

type Config = Record<string, unknown>;

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

function version(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (v && typeof v === "object") {
    const { major = 0, minor = 0, patch = 0 } = v as Record<string, number>;
    return major || minor || patch ? `${major}.${minor}.${patch}` : "latest";
  }
  return undefined;
}

function gitFields(c: Config) {
  if (typeof c.repo === "string" && c.repoUrl === undefined) {
    const provider = str(c.gitProvider) ?? "github.com";
    c.repoUrl = /^[a-z]+:\/\//.test(c.repo) ? c.repo : `https://${provider}/${c.repo}.git`;
    delete c.repo;
  }
  delete c.gitProvider;
  delete c.gitHttps;
  if (c.gitAccount !== undefined && c.gitCredentialId === undefined) c.gitCredentialId = c.gitAccount;
  delete c.gitAccount;
  if (c.linkedRepo !== undefined && c.repoId === undefined) c.repoId = c.linkedRepo;
  delete c.linkedRepo;
}

/** Komodo writes `KEY = value` (spaces allowed, `- KEY=value` list items too); ours is `KEY=value`. */
function envField(c: Config) {
  if (c.environment !== undefined && c.env === undefined) c.env = c.environment;
  delete c.environment;
  if (typeof c.env === "string") c.env = c.env.replace(/^[ \t]*(?:-[ \t]*)?["']?([A-Za-z_][A-Za-z0-9_.]*)[ \t]*[=:][ \t]*/gm, "$1=");
}

/** Komodo's execution types whose name differs from ours, with the params they add. */
const PRUNE: Record<string, string> = {
  PruneContainers: "containers",
  PruneImages: "images",
  PruneNetworks: "networks",
  PruneVolumes: "volumes",
  PruneSystem: "system",
};
const TARGET_PARAMS = ["target", "deployment", "stack", "build", "repo", "procedure", "server", "pattern"];

function step(raw: unknown): unknown {
  if (!raw || typeof raw !== "object") return raw;
  const s = raw as Config;
  const execution = s.execution as { type?: unknown; params?: Config } | undefined;
  if (!execution) return s; // already ours: { operation, target, params }
  let operation = String(execution.type ?? "");
  const params: Config = { ...(execution.params ?? {}) };
  let target = "";
  for (const key of TARGET_PARAMS) {
    if (typeof params[key] === "string") {
      target = params[key];
      delete params[key];
      break;
    }
  }
  if (operation.startsWith("Batch")) operation = operation.slice("Batch".length);
  if (PRUNE[operation]) {
    params.what = PRUNE[operation];
    operation = "PruneServer";
  }
  return { operation, target, params, ...(s.enabled === undefined ? {} : { enabled: s.enabled }) };
}

function procedureFields(c: Config) {
  if (Array.isArray(c.stage) && c.stages === undefined) c.stages = c.stage;
  delete c.stage;
  if (Array.isArray(c.stages)) c.stages = c.stages.map((st: Config) => (Array.isArray(st?.executions) ? { ...st, executions: st.executions.map(step) } : st));
}

/** A declared config (keys already camelCase) in Wheelhouse's shape. */
export function fromKomodo(type: ResourceTypeKey, input: Config): Config {
  const c: Config = { ...input };
  switch (type) {
    case "deployment": {
      envField(c);
      const image = c.image as { type?: string; params?: Config } | undefined;
      if (image && typeof image === "object") {
        delete c.image;
        if (image.type === "Build") {
          c.buildId = image.params?.build;
          const v = version(image.params?.version);
          if (v) c.buildVersion = v;
        } else {
          c.image = image.params?.image ?? "";
        }
      }
      break;
    }
    case "stack":
    case "repo":
      envField(c);
      gitFields(c);
      break;
    case "build":
      gitFields(c);
      break;
    case "procedure":
      procedureFields(c);
      break;
  }
  return c;
}

/** A procedure's stages written Komodo's way (the export's form, read back by fromKomodo). */
export function stagesToKomodo(
  stages: { name: string; enabled: boolean; executions: { operation: string; target: string; params: Config; enabled: boolean }[] }[],
) {
  return stages.map((s) => ({
    name: s.name,
    ...(s.enabled ? {} : { enabled: false }),
    executions: s.executions.map((e) => ({
      execution: { type: e.operation, params: { ...(e.target ? { target: e.target } : {}), ...e.params } },
      ...(e.enabled ? {} : { enabled: false }),
    })),
  }));
}
