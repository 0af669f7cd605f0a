import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { composeReach, containerReach, hookReach, hostPathReach, NO_HOST_ACCESS } from "./host-reach";

const options = (found: { option: string }[]) => found.map((r) => r.option);
const reach = (yaml: string, access = NO_HOST_ACCESS) => composeReach(parse(yaml), access, "/stacks/app");

describe("container specs", () => {
  it("flags the host network, another container's network and host paths; named and anonymous volumes pass", () => {
    expect(containerReach({ network: "bridge", volumes: ["data:/data", "/scratch"] }, NO_HOST_ACCESS)).toEqual([]);
    expect(options(containerReach({ network: "host", volumes: [] }, NO_HOST_ACCESS))).toEqual(["network"]);
    expect(containerReach({ network: "container:db", volumes: [] }, NO_HOST_ACCESS)[0]?.detail).toMatch(/another container's network/);
    const found = containerReach({ network: "", volumes: ["data:/data", "/:/host:ro", "/var/run/docker.sock:/var/run/docker.sock"] }, NO_HOST_ACCESS);
    expect(found.map((r) => [r.where, r.detail])).toEqual([
      ["volumes line 2", "mounts the host path /"],
      ["volumes line 3", "mounts the Docker socket (/var/run/docker.sock)"],
    ]);
  });

  it("allows host paths under the server's prefixes, by whole path segments, never the Docker socket", () => {
    const access = { allowed: false, hostPaths: ["/srv/data", "/var/run"] };
    expect(containerReach({ network: "", volumes: ["/srv/data/app:/data", "/srv/data:/all"] }, access)).toEqual([]);
    expect(options(containerReach({ network: "", volumes: ["/srv/database:/db"] }, access))).toEqual(["volumes"]);
    expect(options(containerReach({ network: "", volumes: ["/srv/data/../../etc:/etc2"] }, access))).toEqual(["volumes"]);
    expect(options(containerReach({ network: "", volumes: ["/var/run/docker.sock:/s"] }, access))).toEqual(["volumes"]);
  });

  it("follows symlinks through the resolver it is given", () => {
    const realpath = (p: string) => (p.startsWith("/srv/data/link") ? `/etc${p.slice("/srv/data/link".length)}` : p);
    expect(hostPathReach("/srv/data/link/shadow", { allowed: false, hostPaths: ["/srv/data"] }, undefined, realpath)).toBe(
      "mounts the host path /srv/data/link/shadow",
    );
  });
});

describe("compose projects", () => {
  it("passes an ordinary project: named volumes, relative binds inside the stack's folder", () => {
    expect(
      reach(
        "services:\n  web:\n    image: x\n    volumes: [data:/data, ./conf:/conf, {type: bind, source: /stacks/app/static, target: /s}]\nvolumes:\n  data: {}\n",
      ),
    ).toEqual([]);
  });

  it("flags every option that reaches the host, naming the service and the option", () => {
    const yaml = `
services:
  a:
    image: x
    privileged: true
    network_mode: host
    pid: host
    ipc: "container:other"
    uts: host
    userns_mode: host
    cap_add: [SYS_ADMIN]
    devices: ["/dev/sda:/dev/sda"]
    security_opt: ["seccomp:unconfined", "no-new-privileges:true"]
    volumes_from: ["container:victim"]
  b:
    image: x
    build: /
    env_file: /root/.aws/credentials
    volumes:
      - /:/host
      - ../other-stack:/steal
      - {type: bind, source: /var/run/docker.sock, target: /s}
      - sneaky:/data
volumes:
  sneaky:
    driver_opts: {type: none, o: bind, device: /etc}
secrets:
  key:
    file: /etc/shadow
`;
    const found = reach(yaml);
    expect(found.filter((r) => r.where === "service a").map((r) => r.option)).toEqual([
      "privileged",
      "network_mode",
      "pid",
      "ipc",
      "uts",
      "userns_mode",
      "devices",
      "cap_add",
      "security_opt",
      "volumes_from",
    ]);
    expect(found.filter((r) => r.where === "service b").map((r) => `${r.option}: ${r.detail}`)).toEqual([
      "volumes: mounts the host path /",
      "volumes: mounts the host path ../other-stack",
      "volumes: mounts the Docker socket (/var/run/docker.sock)",
      "volumes: mounts the host path /etc",
      "build.context: mounts the host path /",
      "env_file: mounts the host path /root/.aws/credentials",
    ]);
    expect(found.filter((r) => r.where === "secret key").map((r) => r.option)).toEqual(["secrets.file"]);
  });

  it("lets the server's allowed prefixes through, and nothing else", () => {
    const access = { allowed: false, hostPaths: ["/srv"] };
    expect(reach("services:\n  web:\n    image: x\n    volumes: [/srv/web:/web]\n", access)).toEqual([]);
    expect(options(reach("services:\n  web:\n    image: x\n    privileged: true\n    volumes: [/srv/web:/web]\n", access))).toEqual(["privileged"]);
  });

  it("treats pre- and post-deploy commands as host commands", () => {
    expect(options(hookReach({ preDeploy: "echo hi", postDeploy: " " }))).toEqual(["preDeployCommand"]);
    expect(hookReach({ preDeploy: "", postDeploy: "" })).toEqual([]);
  });

  it("ignores what isn't a project", () => {
    expect(composeReach("just text", NO_HOST_ACCESS, "/x")).toEqual([]);
    expect(composeReach({ services: { a: "nope" } }, NO_HOST_ACCESS, "/x")).toEqual([]);
  });
});
