import { describe, expect, it } from "vitest";
import { fieldErrors } from "../../validation";
import { stackConfig } from "./schema";

const errorsOf = (input: unknown) => {
  const r = stackConfig.safeParse(input);
  return r.success ? {} : fieldErrors(r.error);
};

describe("stack config", () => {
  it("names a duplicate compose file by its position", () => {
    const errors = errorsOf({ files: [{ name: "compose.yaml" }, { name: "override.yaml" }, { name: "compose.yaml" }] });
    expect(errors).toEqual({ "files.2.name": ['Duplicate file name "compose.yaml"'] });
  });

  it("file names are names, not paths", () => {
    expect(errorsOf({ files: [{ name: "../compose.yaml" }] })).toEqual({ "files.0.name": ["A file name, not a path"] });
  });

  it("a git source needs a repository or a linked Repo; a host source needs an absolute folder", () => {
    expect(errorsOf({ source: "git" })).toEqual({ repoUrl: ["A git source needs a repository or a linked Repo"] });
    expect(errorsOf({ source: "git", repoUrl: "https://git.example.test/a.git" })).toEqual({});
    expect(errorsOf({ source: "git", repoId: "repo-1" })).toEqual({});
    expect(errorsOf({ source: "host" })).toEqual({ hostPath: ["A host source needs a folder"] });
    expect(errorsOf({ source: "host", hostPath: "relative" })).toEqual({ hostPath: ["Use an absolute path"] });
  });

  it("compose project names are lowercase", () => {
    expect(Object.keys(errorsOf({ projectName: "MyApp" }))).toEqual(["projectName"]);
  });

  it("the env file is a plain file name in the stack's folder that no compose file has, or empty for none", () => {
    expect(errorsOf({ envFile: "" })).toEqual({});
    expect(errorsOf({ envFile: "prod.env" })).toEqual({});
    expect(errorsOf({ envFile: "../.env" })).toEqual({ envFile: ["A file name in the stack's folder, such as .env"] });
    expect(errorsOf({ envFile: ".." })).toEqual({ envFile: ["A file name in the stack's folder, such as .env"] });
    expect(errorsOf({ envFile: "compose.yaml", files: [{ name: "compose.yaml" }] })).toEqual({ envFile: ['A compose file is already called "compose.yaml"'] });
  });
});
