import { describe, expect, it } from "vitest";
import { createOptions, parsePorts, parseVolumes } from "./container-config";

describe("parsePorts", () => {
  it("reads docker's -p forms", () => {
    expect(parsePorts(["8080:80", "127.0.0.1:8081:81/udp", "[::1]:8082:82", "83", "127.0.0.1::84"]).bindings).toEqual({
      "80/tcp": [{ HostIp: "", HostPort: "8080" }],
      "81/udp": [{ HostIp: "127.0.0.1", HostPort: "8081" }],
      "82/tcp": [{ HostIp: "::1", HostPort: "8082" }],
      "83/tcp": [{ HostIp: "", HostPort: "" }],
      "84/tcp": [{ HostIp: "127.0.0.1", HostPort: "" }],
    });
  });

  it("maps ranges port by port, and a host range onto one container port as a range", () => {
    const { exposed, bindings } = parsePorts(["9000-9001:7000-7001", "8000-8010:80"]);
    expect(Object.keys(exposed)).toEqual(["7000/tcp", "7001/tcp", "80/tcp"]);
    expect(bindings["7001/tcp"]).toEqual([{ HostIp: "", HostPort: "9001" }]);
    expect(bindings["80/tcp"]).toEqual([{ HostIp: "", HostPort: "8000-8010" }]);
  });

  it("binds one container port to several host ports", () => {
    expect(parsePorts(["8080:80", "127.0.0.1:9090:80"]).bindings["80/tcp"]).toHaveLength(2);
  });

  it.each([
    ["80:http", 'Invalid container port "http"'],
    ["70000:80", 'Invalid host port "70000"'],
    ["9000-9002:7000-7001", "must have the same length"],
    ["80/icmp", 'Invalid protocol "icmp"'],
    ["1:2:3:4", "Invalid port mapping"],
  ])("refuses %s", (spec, message) => {
    expect(() => parsePorts([spec])).toThrow(message);
  });
});

describe("parseVolumes", () => {
  it("tells binds and named volumes (Binds) from anonymous ones (Volumes)", () => {
    expect(parseVolumes(["/srv/data:/data:ro", "pgdata:/var/lib/postgresql", "/cache"])).toEqual({
      binds: ["/srv/data:/data:ro", "pgdata:/var/lib/postgresql"],
      anonymous: { "/cache": {} },
    });
  });

  it.each([
    ["./data:/data", "use an absolute host path"],
    ["data", "the container path must be absolute"],
    ["/a:relative", "expected /host/path:/container/path"],
    ["bad name:/data", 'Invalid volume name "bad name"'],
    ["/a:/b:ro;rm", 'Invalid volume mode "ro;rm"'],
  ])("refuses %s", (spec, message) => {
    expect(() => parseVolumes([spec])).toThrow(message);
  });
});

describe("createOptions", () => {
  const spec = {
    name: "web",
    image: "nginx:1",
    env: { A: "1" },
    ports: [],
    volumes: [],
    network: "",
    restart: "always" as const,
    command: [],
    labels: { "wheelhouse.managed": "false", team: "ops" },
    stopSignal: "",
    stopTimeoutSeconds: 10,
    redact: [],
    hostAccess: { allowed: false, hostPaths: [] },
    registryAuth: null,
  };

  it("always marks the container as managed and never sets an OOM score", () => {
    const options = createOptions(spec);
    expect(options.Labels).toEqual({ "wheelhouse.managed": "true", "wheelhouse.deployment": spec.name, team: "ops" });
    expect(options.HostConfig).not.toHaveProperty("OomScoreAdj");
    expect(options.Cmd).toBeUndefined(); // the image's own CMD
    expect(options.HostConfig?.NetworkMode).toBeUndefined(); // the default bridge
  });
});
