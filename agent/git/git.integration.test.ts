// The agent's git: a token reaches git through its environment only. Every git process's
// arguments (what `ps` shows every user of the host) are recorded by a wrapper in front of the
// real git, and none carries the token; neither does the checkout's config.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { startGitServers, type GitServers } from "@/tests/helpers/git-servers";
import { syncCheckout } from "./git";

let git: GitServers;
let dir: string;

beforeAll(async () => {
  git = await startGitServers();
  await git.createRepo("secret-app", { "README.md": "hi\n" });
  dir = mkdtempSync(path.join(os.tmpdir(), "wh-git-argv-"));
  // A `git` first on PATH that appends its arguments to a file, then runs the real one.
  const wrapper = path.join(dir, "bin");
  mkdirSync(wrapper);
  writeFileSync(path.join(wrapper, "git"), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${path.join(dir, "argv.log")}'\nexec /usr/bin/git "$@"\n`);
  chmodSync(path.join(wrapper, "git"), 0o755);
  vi.stubEnv("PATH", `${wrapper}:/usr/local/bin:/usr/bin:/bin`);
}, 120_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
  await git?.stop();
});

it("clones and pulls over https with a token that is in no process's arguments and not in .git/config", async () => {
  const folder = path.join(dir, "checkout");
  const run = { log: () => {}, stage: () => {} };
  const source = {
    remote: git.urls("secret-app").http,
    branch: "main",
    commit: "",
    auth: { kind: "token" as const, username: git.httpAuth.username, token: git.httpAuth.token },
  };
  await syncCheckout(run, folder, source, "clone", false);
  await git.commit("secret-app", { "README.md": "hi again\n" }, "again");
  await syncCheckout(run, folder, source, "pull", false);
  const argv = readFileSync(path.join(dir, "argv.log"), "utf8");
  expect(argv).toContain("clone");
  expect(argv).toContain("fetch");
  expect(argv).not.toContain(git.httpAuth.token);
  expect(readFileSync(path.join(folder, ".git", "config"), "utf8")).not.toContain(git.httpAuth.token);
  expect(readFileSync(path.join(folder, "README.md"), "utf8")).toBe("hi again\n");
  expect(git.httpRequests.some((r) => r.auth === "valid")).toBe(true);
});
