// Turns a ContainerSpec (the docker-run-like shape core sends) into the Engine API's create body.
// Parsing happens before anything is touched on the host, so a bad port or volume fails the
// deploy while the previous container keeps running.
import type Docker from "dockerode";
import { DEPLOYMENT_LABEL, type ContainerSpec } from "@/lib/protocol/agent";

export const MANAGED_LABEL = "wheelhouse.managed";

type PortBindings = Record<string, { HostIp: string; HostPort: string }[]>;

interface Range {
  from: number;
  to: number;
}

function parseRange(text: string, what: string, spec: string): Range {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  const from = Number(m?.[1]);
  const to = m?.[2] ? Number(m[2]) : from;
  if (!m || from < 1 || to > 65535 || to < from) throw new Error(`Invalid ${what} "${text}" in port mapping "${spec}"`);
  return { from, to };
}

/** Docker's -p syntax: [ip:][hostPort[-end]:]containerPort[-end][/tcp|udp|sctp]; IPv6 addresses in brackets. */
export function parsePorts(specs: string[]): { exposed: Record<string, object>; bindings: PortBindings } {
  const exposed: Record<string, object> = {};
  const bindings: PortBindings = {};
  for (const spec of specs) {
    const slash = spec.lastIndexOf("/");
    const proto = slash >= 0 ? spec.slice(slash + 1) : "tcp";
    if (!["tcp", "udp", "sctp"].includes(proto)) throw new Error(`Invalid protocol "${proto}" in port mapping "${spec}"`);
    let rest = slash >= 0 ? spec.slice(0, slash) : spec;
    let ip = "";
    const v6 = /^\[([^\]]+)\]:(.*)$/.exec(rest);
    if (v6) [, ip = "", rest = ""] = v6; // both groups always take part in a match
    const parts = rest.split(":");
    if (parts.length > 3 || (v6 && parts.length !== 2)) throw new Error(`Invalid port mapping "${spec}"`);
    if (parts.length === 3) ip = parts.shift()!;
    const hostText = parts.length === 2 ? parts[0] : "";
    const container = parseRange(parts.at(-1) ?? "", "container port", spec); // split yields at least one part
    const host = hostText ? parseRange(hostText, "host port", spec) : null;
    const count = container.to - container.from + 1;
    if (count > 1 && host && host.to - host.from + 1 !== count) {
      throw new Error(`Port mapping "${spec}": the host range and the container range must have the same length`);
    }
    for (let i = 0; i < count; i++) {
      const key = `${container.from + i}/${proto}`;
      let hostPort = "";
      if (host && count > 1) hostPort = String(host.from + i);
      // One container port and a host range: Docker picks a free port from the range.
      else if (host) hostPort = host.from === host.to ? String(host.from) : `${host.from}-${host.to}`;
      exposed[key] = {};
      (bindings[key] ??= []).push({ HostIp: ip, HostPort: hostPort });
    }
  }
  return { exposed, bindings };
}

/** "/host:/ctr[:ro]" (bind), "name:/ctr[:ro]" (named volume) or "/ctr" (anonymous volume). */
export function parseVolumes(specs: string[]): { binds: string[]; anonymous: Record<string, object> } {
  const binds: string[] = [];
  const anonymous: Record<string, object> = {};
  for (const spec of specs) {
    const parts = spec.split(":");
    if (parts.length === 1) {
      if (!spec.startsWith("/")) throw new Error(`Invalid volume "${spec}": the container path must be absolute`);
      anonymous[spec] = {};
      continue;
    }
    const [source, target, mode] = parts;
    if (parts.length > 3 || !source || !target?.startsWith("/")) {
      throw new Error(`Invalid volume "${spec}": expected /host/path:/container/path[:ro] or volume-name:/container/path[:ro]`);
    }
    // A single container has no project directory, so a relative host path would mean the agent's cwd.
    if (source.startsWith(".") || source.startsWith("~")) throw new Error(`Invalid volume "${spec}": use an absolute host path`);
    if (!source.startsWith("/") && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(source)) throw new Error(`Invalid volume name "${source}" in "${spec}"`);
    if (mode !== undefined && !/^[a-zA-Z,]+$/.test(mode)) throw new Error(`Invalid volume mode "${mode}" in "${spec}"`);
    binds.push(spec);
  }
  return { binds, anonymous };
}

export function createOptions(spec: ContainerSpec): Docker.ContainerCreateOptions {
  const { exposed, bindings } = parsePorts(spec.ports);
  const { binds, anonymous } = parseVolumes(spec.volumes);
  // OomScoreAdj is deliberately never set: hosts without CAP_SYS_RESOURCE refuse to start such containers.
  return {
    name: spec.name,
    Image: spec.image,
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    Cmd: spec.command.length ? spec.command : undefined,
    // Set here, after the spec's own labels, so no config can claim another deployment's container.
    Labels: { ...spec.labels, [MANAGED_LABEL]: "true", [DEPLOYMENT_LABEL]: spec.name },
    ExposedPorts: exposed,
    Volumes: anonymous,
    StopSignal: spec.stopSignal || undefined,
    StopTimeout: spec.stopTimeoutSeconds,
    HostConfig: {
      Binds: binds,
      PortBindings: bindings,
      NetworkMode: spec.network || undefined,
      RestartPolicy: { Name: spec.restart },
    },
  };
}
