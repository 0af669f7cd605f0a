// Which docker CLI builds with BuildKit here. BuildKit is what keeps secret build args out of
// the image (RUN --mount=type=secret). Since 23.0 the CLI builds with it only through the buildx
// plugin; before 23.0 it had BuildKit built in (DOCKER_BUILDKIT=1). Hosts carry either, and some
// carry both a newer CLI without buildx and the distribution's older one.
import { runProcess } from "../docker/run-process";

const CANDIDATES = ["docker", "/usr/bin/docker", "/usr/local/bin/docker"];

async function output(cmd: string, args: string[]): Promise<string | null> {
  const out: string[] = [];
  const result = await runProcess(cmd, args, { onLine: (stream, line) => void (stream === "stdout" && out.push(line)) });
  return result.code === 0 ? out.join("\n").trim() : null;
}

let found: Promise<string> | undefined;

export function buildkitCli(): Promise<string> {
  found ??= (async () => {
    for (const cli of CANDIDATES) {
      if ((await output(cli, ["buildx", "version"])) !== null) return cli;
      const version = await output(cli, ["version", "--format", "{{.Client.Version}}"]);
      const major = Number(version?.split(".")[0]);
      if (version !== null && major > 0 && major < 23) return cli;
    }
    throw new Error("Builds need BuildKit: install the docker buildx plugin on this host (or a docker CLI older than 23.0, which has it built in)");
  })();
  // A host that gains buildx later is found again on the next build.
  found.catch(() => (found = undefined));
  return found;
}
