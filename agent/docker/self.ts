// Which container, if any, this agent runs in, so that "stop all containers" does not stop the
// agent itself (and with it the command that asked). Docker bind-mounts each container's
// /etc/hostname from <data-root>/containers/<id>/hostname, which the container's own
// mountinfo shows (cgroup v1 and v2 alike); under cgroup v1 the cgroup paths name the id too.
// On the host itself neither holds: the host's mountinfo lists containers' shm mounts, but never
// one mounted at /etc/hostname.
import { readFileSync } from "node:fs";

const ID = /^[0-9a-f]{64}$/;

/** The container id in the text of /proc/self/mountinfo and /proc/self/cgroup; null outside a container. */
export function containerIdFrom(mountinfo: string, cgroup: string): string | null {
  for (const line of mountinfo.split("\n")) {
    // "<id> <parent> <major:minor> <root> <mount point> …": the root names the file, the mount point is where it shows.
    const [, , , root, mountPoint] = line.split(" ");
    if (mountPoint !== "/etc/hostname" || !root) continue;
    const id = /\/containers\/([0-9a-f]{64})\/hostname$/.exec(root)?.[1];
    if (id) return id;
  }
  for (const line of cgroup.split("\n")) {
    // "12:memory:/docker/<id>" (cgroupfs) or "0::/system.slice/docker-<id>.scope" (systemd).
    const last = line
      .split("/")
      .pop()
      ?.replace(/^docker-/, "")
      .replace(/\.scope$/, "");
    if (last && ID.test(last)) return last;
  }
  return null;
}

const readOrEmpty = (file: string) => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
};

/** This process's container id, read when asked: cheap, and never stale. */
export function ownContainerId(): string | null {
  return containerIdFrom(readOrEmpty("/proc/self/mountinfo"), readOrEmpty("/proc/self/cgroup"));
}
