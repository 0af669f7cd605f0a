// The agent's side of the host-reach rule (lib/protocol/host-reach.ts): checked on what it is
// about to run, with symlinks on this host followed, so neither a spec from a core that skipped
// the check nor a link planted inside an allowed folder gets a container onto the host.
import { realpathSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describeReach, type HostAccess, type HostReach } from "@/lib/protocol/host-reach";

/** The real path of `p` on this host; for a path that doesn't exist yet, of its nearest existing folder. */
export function realpathOnHost(p: string): string {
  const missing: string[] = [];
  let current = path.resolve(p);
  for (;;) {
    try {
      return path.join(realpathSync(current), ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(p);
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

export function refuseHostReach(found: HostReach[], access: HostAccess): void {
  if (!access.allowed && found.length > 0) throw new Error(describeReach(found, os.hostname()));
}
