// deployContainer against the real Docker engine: the container runs as specified, a redeploy
// replaces it, and a failed redeploy (port taken, image missing, bad input) leaves the previous
// container running under its name.
import { once } from "node:events";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDocker } from "@/scripts/lib/docker";
import { docker } from "./client";
import { PARKED_SUFFIX, deployContainer } from "./deploy";
import { findContainer } from "./find-container";
import { tailLogs } from "./logs";
import type { LogFn, StageFn } from "./progress";
import { Created, buildImage, containerSpec, eventually, freePorts, inspect, uniqueName } from "./test-support";

const created = new Created();
const echoImage = `local/${uniqueName("echo")}:1`;
const httpImage = `local/${uniqueName("http")}:1`;

function recorder() {
  const lines: string[] = [];
  const stages: string[] = [];
  const log: LogFn = (stage, stream, line) => lines.push(`${stage}/${stream}: ${line}`);
  const stage: StageFn = (name, command, status, success) => stages.push(`${name} ${status}${success === undefined ? "" : ` ${success}`}: ${command}`);
  return { lines, stages, log, stage };
}

async function deploy(spec: Parameters<typeof deployContainer>[0]) {
  const r = recorder();
  const { containerId } = await deployContainer(spec, r.log, r.stage);
  created.containers.add(containerId);
  return { containerId, ...r };
}

const httpGet = async (port: number) => (await fetch(`http://127.0.0.1:${port}/`)).text();

beforeAll(async () => {
  await ensureDocker();
  created.images.add(await buildImage(echoImage, ['CMD ["sh", "-c", "echo hello from $GREETING; exec sleep 1000"]']));
  created.images.add(
    await buildImage(httpImage, ["RUN mkdir -p /www && echo wheelhouse-ok > /www/index.html", 'CMD ["httpd", "-f", "-p", "80", "-h", "/www"]']),
  );
});

afterAll(() => created.cleanup());

describe("deployContainer", () => {
  it("runs a locally built image as specified, without pulling, and its logs hold its output", async () => {
    const name = uniqueName("app");
    const [port] = await freePorts(1);
    const { containerId, lines, stages } = await deploy(
      containerSpec({
        name,
        image: echoImage,
        env: { GREETING: "wheelhouse", TOKEN: "s3cr3t-token" },
        ports: [`127.0.0.1:${port}:80/udp`],
        labels: { team: "ops" },
        restart: "unless-stopped",
        stopSignal: "SIGINT",
        stopTimeoutSeconds: 3,
        command: ["sh", "-c", "echo hello from $GREETING; echo token=s3cr3t-token; exec sleep 1000"],
        redact: ["s3cr3t-token"],
      }),
    );
    const info = await inspect(containerId);
    expect(info.Name).toBe(`/${name}`);
    expect(info.State.Running).toBe(true);
    expect(info.Config.Labels).toMatchObject({ "wheelhouse.managed": "true", team: "ops" });
    expect(info.Config.Env).toContain("GREETING=wheelhouse");
    expect((info.Config as { StopSignal?: string }).StopSignal).toBe("SIGINT");
    expect(info.HostConfig.RestartPolicy?.Name).toBe("unless-stopped");
    expect(info.HostConfig.OomScoreAdj ?? 0).toBe(0);
    expect(info.HostConfig.PortBindings).toEqual({ "80/udp": [{ HostIp: "127.0.0.1", HostPort: String(port) }] });
    expect(lines.join("\n")).toContain(`Image ${echoImage} is present locally and the registry could not be asked; not pulling`);
    expect(stages.filter((s) => / end true/.test(s)).map((s) => s.split(" end")[0])).toEqual(["pull", "stop previous", "run"]);
    // The command line shown for the "run" stage carries the secret: it must be redacted.
    expect(stages.join("\n")).not.toContain("s3cr3t-token");
    expect(stages.join("\n")).toContain("token=***");
    await eventually(
      async () => (await tailLogs(containerId, { tail: 10 })).some((l) => l.line === "hello from wheelhouse"),
      "the container's output in its logs",
    );
  });

  it("applies port mappings without host ports, ranges, bind mounts and named volumes", async () => {
    const name = uniqueName("mounts");
    const volume = uniqueName("vol");
    created.volumes.add(volume);
    const [a] = await freePorts(1);
    const { containerId } = await deploy(
      containerSpec({
        name,
        image: echoImage,
        ports: [`${a}:80`, "127.0.0.1::81", "7000-7001/udp"],
        volumes: ["/tmp:/host-tmp:ro", `${volume}:/data`, "/scratch"],
        hostAccess: { allowed: false, hostPaths: ["/tmp"] },
      }),
    );
    const info = await inspect(containerId);
    expect(info.HostConfig.PortBindings).toMatchObject({
      "80/tcp": [{ HostPort: String(a) }],
      "81/tcp": [{ HostIp: "127.0.0.1", HostPort: "" }],
      "7000/udp": [{ HostPort: "" }],
      "7001/udp": [{ HostPort: "" }],
    });
    const mounts = Object.fromEntries(info.Mounts.map((m) => [m.Destination, m]));
    expect(mounts["/host-tmp"]).toMatchObject({ Type: "bind", Source: "/tmp", RW: false });
    expect(mounts["/data"]).toMatchObject({ Type: "volume", Name: volume, RW: true });
    expect(mounts["/scratch"]).toMatchObject({ Type: "volume" });
    for (const m of info.Mounts) if (m.Type === "volume" && m.Name) created.volumes.add(m.Name);
  });

  it("replaces the previous container on redeploy and removes it", async () => {
    const name = uniqueName("redeploy");
    const first = await deploy(containerSpec({ name, image: echoImage, env: { GREETING: "one" } }));
    const second = await deploy(containerSpec({ name, image: echoImage, env: { GREETING: "two" } }));
    expect(second.containerId).not.toBe(first.containerId);
    expect(await findContainer(first.containerId)).toBeNull();
    expect((await inspect(name)).Id).toBe(second.containerId);
    expect(await findContainer(name + PARKED_SUFFIX)).toBeNull();
    await eventually(async () => (await tailLogs(name, { tail: 5 })).some((l) => l.line === "hello from two"), "the new container's output");
  });

  it("finishes the job of an interrupted deploy that left only the parked previous container", async () => {
    const name = uniqueName("interrupted");
    // What an interrupted deploy leaves: the deployment's own container, renamed aside.
    const parked = await docker().createContainer({ name: name + PARKED_SUFFIX, Image: echoImage, Labels: { "wheelhouse.deployment": name } });
    created.containers.add(parked.id);
    const { containerId, lines } = await deploy(containerSpec({ name, image: echoImage }));
    expect((await inspect(name)).Id).toBe(containerId);
    expect(await findContainer(parked.id)).toBeNull();
    expect(lines.join("\n")).toContain("Removed the previous container");
  });

  it("keeps the previous container running when the new one's port is taken by another container", async () => {
    const name = uniqueName("conflict");
    const [ownPort, takenPort] = await freePorts(2);
    if (!ownPort || !takenPort) throw new Error("freePorts(2) gave fewer than two ports");
    const before = await deploy(containerSpec({ name, image: httpImage, ports: [`${ownPort}:80`] }));
    // Started is not yet listening.
    await eventually(async () => (await httpGet(ownPort).catch(() => "")).includes("wheelhouse-ok"), "the first container serving");

    const foreign = await docker().createContainer({
      name: uniqueName("foreign"),
      Image: httpImage,
      ExposedPorts: { "80/tcp": {} },
      HostConfig: { PortBindings: { "80/tcp": [{ HostPort: String(takenPort) }] } },
    });
    created.containers.add(foreign.id);
    await foreign.start();

    const r = recorder();
    await expect(deployContainer(containerSpec({ name, image: httpImage, ports: [`${takenPort}:80`] }), r.log, r.stage)).rejects.toThrow(
      `Port ${takenPort} is already in use on the host`,
    );
    const info = await inspect(name);
    expect(info.Id).toBe(before.containerId);
    expect(info.State.Running).toBe(true);
    expect(await findContainer(name + PARKED_SUFFIX)).toBeNull();
    expect(r.stages).toContain(`run end false: docker run -d --name ${name} -p ${takenPort}:80 --restart no ${httpImage}`);
    expect(r.lines.join("\n")).toContain("Restored the previous");
    await eventually(async () => (await httpGet(ownPort).catch(() => "")).includes("wheelhouse-ok"), "the previous container serving again");
    // The failed container was removed: only the previous one carries the name's labels.
    const same = await docker().listContainers({ all: true, filters: { name: [name] } });
    expect(same.map((c) => c.Id)).toEqual([before.containerId]);
  });

  it("says which port is taken when a host process holds it", async () => {
    const [port] = await freePorts(1);
    const server = net.createServer().listen(port, "0.0.0.0");
    await once(server, "listening");
    try {
      const r = recorder();
      await expect(deployContainer(containerSpec({ name: uniqueName("hostport"), image: httpImage, ports: [`${port}:80`] }), r.log, r.stage)).rejects.toThrow(
        `Port ${port} is already in use on the host`,
      );
    } finally {
      server.close();
    }
  });

  it("keeps the previous container running when the image is missing and can't be pulled", async () => {
    const name = uniqueName("noimage");
    const before = await deploy(containerSpec({ name, image: echoImage }));
    const missing = `local/${uniqueName("missing")}:1`;
    const r = recorder();
    await expect(deployContainer(containerSpec({ name, image: missing }), r.log, r.stage)).rejects.toThrow(
      new RegExp(`^Image ${missing} is not available locally and could not be pulled: .+`),
    );
    const info = await inspect(name);
    expect(info.Id).toBe(before.containerId);
    expect(info.State.Running).toBe(true);
    expect(r.stages).toEqual([`pull start: docker pull ${missing}`, `pull end false: docker pull ${missing}`]);
  });

  it("refuses a malformed port or volume before touching the previous container", async () => {
    const name = uniqueName("badinput");
    const before = await deploy(containerSpec({ name, image: echoImage }));
    const r = recorder();
    await expect(deployContainer(containerSpec({ name, image: echoImage, ports: ["80:http"] }), r.log, r.stage)).rejects.toThrow(
      'Invalid container port "http" in port mapping "80:http"',
    );
    await expect(deployContainer(containerSpec({ name, image: echoImage, volumes: ["./data:/data"] }), r.log, r.stage)).rejects.toThrow(
      "use an absolute host path",
    );
    expect(r.stages).toEqual([]);
    const info = await inspect(name);
    expect(info.Id).toBe(before.containerId);
    expect(info.State.Running).toBe(true);
  });

  it("starts the previous container again when the new one can't start (missing executable)", async () => {
    const name = uniqueName("badcmd");
    const before = await deploy(containerSpec({ name, image: echoImage }));
    const r = recorder();
    await expect(deployContainer(containerSpec({ name, image: echoImage, command: ["/no/such/binary"] }), r.log, r.stage)).rejects.toThrow(
      new RegExp(`^Container ${name} failed to start: .*no/such/binary`),
    );
    const info = await inspect(name);
    expect(info.Id).toBe(before.containerId);
    expect(info.State.Running).toBe(true);
  });
});
