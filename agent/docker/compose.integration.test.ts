// Compose stacks through the real CLI found on this host (v1 here, v2 on most hosts): two files
// merged in order, hooks, actions, down; and an invalid file that must change nothing.
import { readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ComposeSpec } from "@/lib/protocol/agent";
import { ensureDocker } from "@/scripts/lib/docker";
import { docker } from "./client";
import { composeAction, composeServices, composeUp } from "./compose";
import { detectCompose } from "./compose-detect";
import { projectDir } from "./compose-files";
import type { LogFn, StageFn } from "./progress";
import { Created, buildImage, inspect, uniqueName } from "./test-support";

const created = new Created();
const image = `local/${uniqueName("stack")}:1`;
const project = uniqueName("stack");
const SECRET = "tok-" + Math.random().toString(36).slice(2);

const base = `services:
  web:
    image: ${image}
    command: ["sh", "-c", "echo web up; exec sleep 1000"]
    stop_grace_period: 1s
    environment:
      MODE: base
`;
const override = `services:
  web:
    environment:
      MODE: override
  worker:
    image: ${image}
    command: ["sh", "-c", "echo worker $$TOKEN_SEEN; exec sleep 1000"]
    stop_grace_period: 1s
    env_file: .env
    environment:
      TOKEN_SEEN: \${TOKEN}
`;

const spec = (files: ComposeSpec["files"]): ComposeSpec => ({
  project,
  files,
  env: { TOKEN: SECRET },
  envFile: ".env",
  preDeploy: 'echo "pre deploy with $TOKEN"',
  postDeploy: "echo post deploy in $(pwd)",
  redact: [SECRET],
  // The hooks run on the host: this server allows that, for someone with Terminal on it.
  hostAccess: { allowed: true, hostPaths: [] },
  source: { kind: "inline" },
  unlessUnchanged: null,
  ignoreServices: [],
  pull: false,
});
const goodSpec = spec([
  { name: "compose.yaml", contents: base },
  { name: "override.yaml", contents: override },
]);

function recorder() {
  const lines: string[] = [];
  const stages: string[] = [];
  const log: LogFn = (stage, stream, line) => lines.push(`${stage}/${stream}: ${line}`);
  const stage: StageFn = (name, _command, status, success) => status === "end" && stages.push(`${name}:${success}`);
  return { lines, stages, log, stage };
}

async function track() {
  for (const s of await composeServices(project)) for (const c of s.containers) created.containers.add(c.id);
  const networks = await docker().listNetworks({ filters: { label: [`com.docker.compose.project=${project}`] } });
  for (const n of networks) created.networks.add(n.Id);
}

beforeAll(async () => {
  await ensureDocker();
  if (!(await detectCompose())) throw new Error("Neither `docker compose` nor `docker-compose` works here: run `sudo bash scripts/ensure-docker.sh`");
  created.images.add(await buildImage(image, ['CMD ["sleep", "1000"]']));
});

afterAll(async () => {
  await composeAction(goodSpec, "down", true).catch(() => {});
  await created.cleanup();
  await rm(projectDir(project), { recursive: true, force: true });
});

describe("compose", () => {
  it("brings up a stack from two files merged in order, running the hooks, with secrets redacted", async () => {
    const r = recorder();
    const { services } = await composeUp(goodSpec, r.log, r.stage);
    await track();
    expect(services.map((s) => [s.service, s.state, s.containers.length])).toEqual([
      ["web", "running", 1],
      ["worker", "running", 1],
    ]);
    const web = await inspect(services[0]!.containers[0]!.id);
    expect(web.Config.Env).toContain("MODE=override");
    const worker = await inspect(services[1]!.containers[0]!.id);
    expect(worker.Config.Env).toContain(`TOKEN_SEEN=${SECRET}`); // interpolated from spec.env
    expect(worker.Config.Env).toContain(`TOKEN=${SECRET}`); // from the env file, through `env_file: .env`
    const envFile = path.join(projectDir(project), ".env");
    expect(await readFile(envFile, "utf8")).toBe(`TOKEN=${SECRET}\n`);
    expect((await stat(envFile)).mode & 0o777).toBe(0o600);
    expect(r.stages).toEqual(["validate:true", "host access:true", "pre deploy:true", "compose up:true", "post deploy:true"]);
    const output = r.lines.join("\n");
    expect(output).toContain("pre deploy/stdout: pre deploy with ***");
    expect(output).not.toContain(SECRET);
    expect(output).toContain(`post deploy/stdout: post deploy in ${projectDir(project)}`);
    expect(await readFile(path.join(projectDir(project), "override.yaml"), "utf8")).toBe(override);
  });

  it("refuses invalid YAML with a clear error and leaves the running stack and its files untouched", async () => {
    // The same containers in the same states; the uptime text ("Up 1 second") moves on by itself.
    const identity = async () =>
      (await composeServices(project)).map((s) => ({
        service: s.service,
        state: s.state,
        containers: s.containers.map((c) => ({ id: c.id, state: c.state })),
      }));
    const before = await identity();
    const r = recorder();
    const broken = spec([
      { name: "compose.yaml", contents: "services:\n  web:\n    image: [unclosed\n" },
      { name: "override.yaml", contents: override },
    ]);
    await expect(composeUp(broken, r.log, r.stage)).rejects.toThrow(new RegExp(`^The compose files of ${project} are invalid:\\n[^]*"compose.yaml", line 3`));
    expect(r.stages).toEqual(["validate:false"]);
    expect(r.lines.join("\n")).not.toContain("pre deploy with");
    expect(await identity()).toEqual(before);
    expect(before.every((s) => s.state === "running")).toBe(true);
    expect(await readFile(path.join(projectDir(project), "compose.yaml"), "utf8")).toBe(base);
  });

  it("stops at a failing pre-deploy command, before compose up", async () => {
    const r = recorder();
    const failing = { ...goodSpec, preDeploy: "echo checking; exit 3" };
    await expect(composeUp(failing, r.log, r.stage)).rejects.toThrow("The pre deploy command failed (exit 3):\nchecking");
    expect(r.stages).toEqual(["validate:true", "host access:true", "pre deploy:false"]);
  });

  it("refuses project and file names that would escape the stacks directory", async () => {
    await expect(
      composeUp(
        { ...goodSpec, project: "../etc" },
        () => {},
        () => {},
      ),
    ).rejects.toThrow('Invalid compose project name "../etc"');
    await expect(
      composeUp(
        spec([{ name: "../compose.yaml", contents: base }]),
        () => {},
        () => {},
      ),
    ).rejects.toThrow('Invalid compose file name "../compose.yaml"');
    await expect(
      composeUp(
        { ...goodSpec, envFile: "../.env" },
        () => {},
        () => {},
      ),
    ).rejects.toThrow('Invalid env file name "../.env"');
    await expect(
      composeUp(
        { ...goodSpec, envFile: "compose.yaml" },
        () => {},
        () => {},
      ),
    ).rejects.toThrow('Invalid env file name "compose.yaml"');
  });

  it("stops, starts, pauses and unpauses the whole stack", async () => {
    const states = async () => (await composeServices(project)).map((s) => s.state);
    await composeAction(goodSpec, "stop", false);
    expect(await states()).toEqual(["exited", "exited"]);
    await composeAction(goodSpec, "start", false);
    expect(await states()).toEqual(["running", "running"]);
    await composeAction(goodSpec, "pause", false);
    expect(await states()).toEqual(["paused", "paused"]);
    await composeAction(goodSpec, "unpause", false);
    expect(await states()).toEqual(["running", "running"]);
  });

  it("goes down cleanly: no containers, no network left", async () => {
    const r = recorder();
    await composeAction(goodSpec, "down", true, r.log, r.stage);
    expect(r.stages).toEqual(["validate:true", "compose down:true"]);
    expect(await composeServices(project)).toEqual([]);
    for (const id of created.networks) await expect(docker().getNetwork(id).inspect()).rejects.toMatchObject({ statusCode: 404 });
    expect(created.networks.size).toBe(1);
  });
});
