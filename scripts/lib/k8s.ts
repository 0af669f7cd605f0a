// Test setup for everything that needs a Kubernetes cluster: runs scripts/ensure-k8s.sh (the
// local v1.20.2 cluster from ../shared/tools/k8s-local, built once and cached) and fails loudly
// with what to do when it can't.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("../ensure-k8s.sh", import.meta.url));

let ready: Promise<{ kubeconfig: string }> | undefined;

/** Resolves with the admin kubeconfig of a running local cluster; idempotent and cached per process. */
export function ensureKubernetes(): Promise<{ kubeconfig: string }> {
  ready ??= new Promise((resolve, reject) => {
    // The first run compiles Kubernetes: allow for it.
    execFile("bash", [SCRIPT], { timeout: 45 * 60_000, maxBuffer: 20 * 1024 * 1024 }, (err, stdout, stderr) => {
      const kubeconfig = /^KUBECONFIG=(.+)$/m.exec(stdout)?.[1]?.trim();
      if (err || !kubeconfig || !existsSync(kubeconfig)) {
        ready = undefined;
        const why = err ? `${SCRIPT} failed` : `${SCRIPT} printed no usable KUBECONFIG=… line`;
        reject(
          new Error(
            `Kubernetes is not available for these tests: ${why}:\n${(stdout + stderr).trim().split("\n").slice(-30).join("\n")}\n` +
              "Fix: run `sudo bash scripts/ensure-k8s.sh` (it needs ../shared/tools/k8s-local beside this repository; the first run builds the cluster, 10-20 min).",
          ),
        );
        return;
      }
      resolve({ kubeconfig });
    });
  });
  return ready;
}
