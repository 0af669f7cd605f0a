// A real private image registry on loopback for push/pull tests: Debian's docker-registry (registry:2)
// on a free 127.0.0.1 port, htpasswd (bcrypt) auth, filesystem storage in a temp dir. No TLS: dockerd
// treats 127.0.0.0/8 as an insecure registry by default, so `docker login/push/pull 127.0.0.1:PORT` works.
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { until } from "./core-agent";
import { requireTool, run, startDaemon, type Daemon } from "./loopback-daemon";

const REGISTRY = "/usr/bin/docker-registry";
const HTPASSWD = "/usr/bin/htpasswd";

export interface LoopbackRegistry {
  /** "127.0.0.1:PORT": the registry part of an image reference and the `docker login` server. */
  host: string;
  /** http://127.0.0.1:PORT */
  url: string;
  username: string;
  password: string;
  /** What the registry printed so far (for a failing test's message). */
  output: () => string;
  stop: () => Promise<void>;
}

export async function startRegistry(opts: { username: string; password: string }): Promise<LoopbackRegistry> {
  requireTool(REGISTRY, "docker-registry");
  requireTool(HTPASSWD, "apache2-utils");
  if (!opts.username || opts.username.includes(":")) throw new Error("registry username must be non-empty and without ':'");
  const root = await mkdtemp(path.join(os.tmpdir(), "wh-registry-"));
  let daemon: Daemon | undefined;
  const stop = async () => {
    await daemon?.stop();
    await rm(root, { recursive: true, force: true });
  };
  try {
    const htpasswdFile = path.join(root, "htpasswd");
    // registry:2 accepts only bcrypt entries.
    const { stdout } = await run(HTPASSWD, ["-Bbn", opts.username, opts.password]);
    await writeFile(htpasswdFile, stdout.trim() + "\n", { mode: 0o600 });
    const storage = path.join(root, "data");
    daemon = await startDaemon(
      "docker-registry",
      REGISTRY,
      (port) => {
        const config = path.join(root, `config-${port}.yml`);
        // JSON is YAML; written synchronously because the port is only known here.
        writeConfig(config, {
          version: "0.1",
          log: { level: "warn", accesslog: { disabled: true } },
          storage: { filesystem: { rootdirectory: storage }, delete: { enabled: true } },
          http: { addr: `127.0.0.1:${port}`, secret: randomBytes(16).toString("hex") },
          auth: { htpasswd: { realm: "wheelhouse-test-registry", path: htpasswdFile } },
        });
        return ["serve", config];
      },
      // Only PATH/HOME: a REGISTRY_* variable in the environment would override the config file.
      { PATH: process.env.PATH, HOME: root },
    );
    const url = `http://127.0.0.1:${daemon.port}`;
    await until(
      async () => {
        const res = await fetch(`${url}/v2/`).catch(() => undefined);
        return res?.status === 401;
      },
      `docker-registry on ${url} to answer /v2/ with 401`,
      30_000,
    );
    const started = daemon;
    return { host: `127.0.0.1:${daemon.port}`, url, username: opts.username, password: opts.password, output: () => started.output(), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function writeConfig(file: string, config: unknown) {
  writeFileSync(file, JSON.stringify(config, null, 2) + "\n", { mode: 0o600 });
}
