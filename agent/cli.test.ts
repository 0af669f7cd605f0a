import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseOptions } from "./cli";

const dir = mkdtempSync(path.join(os.tmpdir(), "wh-cli-"));
const values = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};
const core = ["--core", "http://127.0.0.1:3000"];

describe("agent options", () => {
  it("takes one core URL, or several to try in turn, and refuses one that isn't http(s)", () => {
    expect(parseOptions(core, "/state").coreUrls).toEqual(["http://127.0.0.1:3000"]);
    expect(parseOptions(["--core", "http://a:3000/, https://b.example.com"], "/state").coreUrls).toEqual(["http://a:3000", "https://b.example.com"]);
    expect(() => parseOptions(["--core", "http://a:3000,ftp://b"], "/state")).toThrow("--core must be an http(s) URL");
    expect(() => parseOptions(["--core", "http://a:3000,not a url"], "/state")).toThrow("--core: not a url is not a URL");
  });

  it("is a Docker-only agent without a kubeconfig outside a cluster", () => {
    expect(parseOptions(core, "/state").kubernetes).toBeNull();
  });

  it("turns cluster mode on with --kubeconfig, every action off unless opted in", () => {
    expect(parseOptions([...core, "--kubeconfig", "/k/config"], "/state").kubernetes).toEqual({
      kubeconfig: "/k/config",
      basic: false,
      advanced: false,
      podExec: false,
    });
    expect(parseOptions([...core, "--kubeconfig", "/k/config", "--actions-basic", "--pod-exec"], "/state").kubernetes).toMatchObject({
      basic: true,
      advanced: false,
      podExec: true,
    });
  });

  it("uses the service account inside a cluster", () => {
    expect(parseOptions(core, "/state", { inCluster: true }).kubernetes).toEqual({ kubeconfig: undefined, basic: false, advanced: false, podExec: false });
  });

  it("reads a values file (kubeconfig relative to it); command-line flags win", () => {
    const file = values("values.yaml", "kubeconfig: kube/config\nterminals: false\nactions:\n  basic: true\n  advanced: false\n  podExec: true\n");
    const options = parseOptions([...core, "--config", file, "--actions-advanced"], "/state");
    expect(options.kubernetes).toEqual({ kubeconfig: path.join(dir, "kube/config"), basic: true, advanced: true, podExec: true });
    expect(options.terminals).toBe(false);
  });

  it("rejects a misspelt key rather than silently leaving a feature off", () => {
    const file = values("typo.yaml", "actions:\n  podexec: true\n");
    expect(() => parseOptions([...core, "--config", file, "--kubeconfig", "/k"], "/state")).toThrow(/typo\.yaml: actions: Unrecognized key: "podexec"/);
  });

  it("refuses action flags without cluster mode, saying what is missing", () => {
    expect(() => parseOptions([...core, "--actions-basic"], "/state")).toThrow(/need cluster mode: give --kubeconfig/);
  });
});
