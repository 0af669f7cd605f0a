// What lets a container reach its host: privileged mode, the host's namespaces, host paths,
// the Docker socket, devices, added capabilities, unconfined security options, and commands run
// on the host itself. Any of these is a root shell on the Server, so it is off unless the Server
// allows host access AND the person deploying has the Terminal permission on that Server.
//
// One rule, applied twice: core checks the config before anything runs (a clear refusal naming
// the option), and the agent checks again what it will actually run — for a stack, the output of
// `compose config` (every file merged, every variable resolved), never the YAML as written.
import path from "node:path";
import { z } from "zod";

export const ZHostAccess = z.object({
  /** The Server allows host access and the actor has the Terminal permission on it. */
  allowed: z.boolean(),
  /** Host path prefixes the Server lets any of its resources bind-mount. */
  hostPaths: z.array(z.string()),
});
export type HostAccess = z.infer<typeof ZHostAccess>;

export const NO_HOST_ACCESS: HostAccess = { allowed: false, hostPaths: [] };

/** One option that reaches the host: where it is (a service or config field) and what it does. */
export interface HostReach {
  where: string;
  option: string;
  detail: string;
}

const DOCKER_SOCKETS = ["/var/run/docker.sock", "/run/docker.sock"];

const within = (p: string, prefix: string) => {
  const base = path.posix.resolve(prefix);
  return p === base || p.startsWith(base.endsWith("/") ? base : `${base}/`);
};

/**
 * Why a bind-mounted host path reaches the host, or null when it may be mounted: paths in the
 * Server's allowed prefixes or in `ownDir` (a stack's own folder). The Docker socket never may.
 * `realpath` follows symlinks on the agent, where a link inside an allowed folder could point out.
 */
export function hostPathReach(source: string, access: HostAccess, ownDir?: string, realpath: (p: string) => string = (p) => p): string | null {
  const resolved = realpath(path.posix.resolve(ownDir ?? "/", source));
  if (DOCKER_SOCKETS.includes(resolved) || path.posix.basename(resolved) === "docker.sock") return `mounts the Docker socket (${source})`;
  if (ownDir && within(resolved, ownDir)) return null;
  if (access.hostPaths.some((prefix) => within(resolved, prefix))) return null;
  return `mounts the host path ${source}`;
}

/** A `docker run`-like spec: host or container network, and bind mounts of host paths. */
export function containerReach(spec: { network: string; volumes: string[] }, access: HostAccess, realpath?: (p: string) => string): HostReach[] {
  const found: HostReach[] = [];
  if (spec.network === "host") found.push({ where: "network", option: "network", detail: "uses the host's network" });
  if (spec.network.startsWith("container:")) found.push({ where: "network", option: "network", detail: `joins another container's network (${spec.network})` });
  spec.volumes.forEach((volume, i) => {
    const [source = "", target] = volume.split(":");
    if (target === undefined) return; // "/data": an anonymous volume
    if (!source.startsWith("/") && !source.startsWith("~") && !source.startsWith(".")) return; // a named or anonymous volume
    const why = hostPathReach(source, access, undefined, realpath);
    if (why) found.push({ where: `volumes line ${i + 1}`, option: "volumes", detail: why });
  });
  return found;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** A service's volume as compose writes it: short "src:dst[:mode]" or long `{ type, source }`. */
function bindSource(volume: unknown, namedVolumes: Json): string | null {
  if (typeof volume === "string") {
    const [source = "", target] = volume.split(":");
    if (target === undefined) return null; // anonymous
    if (source.startsWith("/") || source.startsWith(".") || source.startsWith("~")) return source;
    return namedVolumeDevice(namedVolumes[source]);
  }
  if (!isObject(volume)) return null;
  if (volume.type === "bind" && typeof volume.source === "string") return volume.source;
  if (volume.type === "volume" && typeof volume.source === "string") return namedVolumeDevice(namedVolumes[volume.source]);
  return null;
}

/** A named volume whose local driver binds a host folder (`driver_opts: { o: bind, device: /x }`). */
function namedVolumeDevice(definition: unknown): string | null {
  const opts = isObject(definition) && isObject(definition.driver_opts) ? definition.driver_opts : null;
  return opts && typeof opts.device === "string" ? opts.device : null;
}

const HOST_NAMESPACES = ["network_mode", "pid", "ipc", "uts", "userns_mode", "cgroup"] as const;

/**
 * Every option of a compose project (parsed YAML: `compose config` output on the agent, each
 * file as written on core) that reaches the host. `ownDir` is the stack's folder: its files may
 * be mounted, nothing outside it.
 */
export function composeReach(project: unknown, access: HostAccess, ownDir: string, realpath?: (p: string) => string): HostReach[] {
  if (!isObject(project)) return [];
  const found: HostReach[] = [];
  const namedVolumes = isObject(project.volumes) ? project.volumes : {};
  const services = isObject(project.services) ? project.services : {};
  const hostPath = (where: string, option: string, source: string) => {
    const why = hostPathReach(source, access, ownDir, realpath);
    if (why) found.push({ where, option, detail: why });
  };
  for (const [name, raw] of Object.entries(services)) {
    if (!isObject(raw)) continue;
    const where = `service ${name}`;
    const add = (option: string, detail: string) => found.push({ where, option, detail });
    if (raw.privileged === true || raw.privileged === "true") add("privileged", "runs privileged");
    for (const option of HOST_NAMESPACES) {
      const value = raw[option];
      if (value === "host") add(option, `shares the host's ${option === "network_mode" ? "network" : option.replace("_mode", "")} namespace`);
      else if (typeof value === "string" && value.startsWith("container:")) add(option, `joins another container's namespace (${value})`);
    }
    if (list(raw.devices).length) add("devices", "maps host devices");
    if (list(raw.device_cgroup_rules).length) add("device_cgroup_rules", "opens host devices");
    if (list(raw.cap_add).length) add("cap_add", `adds capabilities (${list(raw.cap_add).join(", ")})`);
    for (const opt of list(raw.security_opt).map(String)) {
      if (/unconfined|label[:=]disable|systempaths=unconfined/.test(opt)) add("security_opt", `turns off confinement (${opt})`);
    }
    for (const from of list(raw.volumes_from).map(String)) {
      if (from.startsWith("container:")) add("volumes_from", `takes the volumes of another container (${from})`);
    }
    for (const volume of list(raw.volumes)) {
      const source = bindSource(volume, namedVolumes);
      if (source) hostPath(where, "volumes", source);
    }
    const build = typeof raw.build === "string" ? { context: raw.build } : isObject(raw.build) ? raw.build : null;
    if (build && typeof build.context === "string" && !/^[a-z]+:\/\//i.test(build.context) && !build.context.startsWith("git@"))
      hostPath(where, "build.context", build.context);
    for (const file of list(raw.env_file)) {
      const p = typeof file === "string" ? file : isObject(file) && typeof file.path === "string" ? file.path : null;
      if (p) hostPath(where, "env_file", p);
    }
  }
  for (const section of ["secrets", "configs"] as const) {
    const entries = isObject(project[section]) ? project[section] : {};
    for (const [name, def] of Object.entries(entries)) {
      if (isObject(def) && typeof def.file === "string") hostPath(`${section.slice(0, -1)} ${name}`, `${section}.file`, def.file);
    }
  }
  return found;
}

/** A host command (run with `sh -c` on the Server), named by its config field. */
export function commandReach(field: string, command: string): HostReach[] {
  return command.trim() ? [{ where: field, option: field, detail: "runs a command on the host" }] : [];
}

/** Host commands: a stack's pre- and post-deploy scripts. */
export function hookReach(hooks: { preDeploy: string; postDeploy: string }): HostReach[] {
  return [...commandReach("preDeployCommand", hooks.preDeploy), ...commandReach("postDeployCommand", hooks.postDeploy)];
}

/**
 * A Repo's sync: its command runs with `sh -c` on the Server, an absolute folder is a place on the
 * host, and a file:// remote reads a repository on the host. A folder under the agent's own repos
 * folder, and network remotes, reach nothing.
 */
export function repoReach(repo: { folder: string; remote: string; command: string }, access: HostAccess, realpath?: (p: string) => string): HostReach[] {
  const found: HostReach[] = [];
  found.push(...commandReach("command", repo.command));
  if (repo.folder.startsWith("/") && hostPathReach(repo.folder, access, undefined, realpath))
    found.push({ where: "clonePath", option: "clonePath", detail: `writes to the host path ${repo.folder}` });
  if (/^file:\/\//i.test(repo.remote)) {
    const local = decodeURIComponent(repo.remote.replace(/^file:\/\//i, ""));
    if (hostPathReach(local, access, undefined, realpath)) found.push({ where: "repoUrl", option: "repoUrl", detail: `reads the host path ${local}` });
  }
  return found;
}

/** One sentence naming every option, for an error message. */
export function describeReach(found: HostReach[], server: string): string {
  const items = found.map((r) => `${r.where}: ${r.option} ${r.detail}`);
  return `Refused: this reaches the host of server ${server}, which needs host access enabled on the server and the Terminal permission on it (${items.join("; ")})`;
}
