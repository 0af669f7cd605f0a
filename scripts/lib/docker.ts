// Test setup for everything that needs a Docker engine: runs scripts/ensure-docker.sh (install,
// start dockerd, import local/busybox:1) and fails loudly with what to do when it can't.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("../ensure-docker.sh", import.meta.url));

let ready: Promise<void> | undefined;

/** Resolves once `docker info` answers and local/busybox:1 exists; idempotent and cached per process. */
export function ensureDocker(): Promise<void> {
  ready ??= new Promise<void>((resolve, reject) => {
    execFile("bash", [SCRIPT], { timeout: 10 * 60_000, maxBuffer: 10 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        ready = undefined;
        reject(
          new Error(
            `Docker is not available for these tests and ${SCRIPT} could not set it up:\n${(stdout + stderr).trim()}\n` +
              "Fix: run `sudo bash scripts/ensure-docker.sh` (it installs docker.io, docker-compose and busybox-static with apt, starts dockerd and imports local/busybox:1).",
          ),
        );
        return;
      }
      const did = stdout.split("\n").filter((l) => l && !/already/.test(l));
      if (did.length) console.log(did.join("\n"));
      resolve();
    });
  });
  return ready;
}
