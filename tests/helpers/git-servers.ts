// Real git remotes on loopback for the tests of everything that clones (Repos, Builds, Stacks from
// git, webhooks): bare repositories in a temp dir, served four ways at once, the way a git host would:
//   file://  the bare repo's path;
//   git://   `git daemon` (read-only, every repo exported);
//   http://  `git http-backend` run as CGI per request behind a node:http server that demands HTTP
//            Basic auth with a username + token (what GitHub/GitLab do for https with a token);
//   ssh://   Debian's sshd on its own config, host key and authorized_keys, key auth only.
// Nothing here reads the user's ~/.ssh or git config; stop() ends exactly the processes it started.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import { requireTool, run, startDaemon, type Daemon } from "./loopback-daemon";

const GIT = "/usr/bin/git";
const SSHD = "/usr/sbin/sshd";
const SSH_KEYGEN = "/usr/bin/ssh-keygen";

export interface GitUrls {
  /** file:///…/name.git */
  file: string;
  /** git://127.0.0.1:PORT/name.git (read-only) */
  git: string;
  /** http://127.0.0.1:PORT/name.git: needs Basic auth with `httpAuth` */
  http: string;
  /** ssh://USER@127.0.0.1:PORT/…/name.git: needs `sshPrivateKey` */
  ssh: string;
}

export interface HttpRequestRecord {
  method: string;
  /** The request path and query, e.g. /app.git/info/refs?service=git-upload-pack */
  path: string;
  /** none: no Authorization header; valid: the right username + token; invalid: anything else. */
  auth: "none" | "valid" | "invalid";
  status: number;
}

/** File contents by path inside the repo (subfolders are created); null deletes the file. */
export type RepoFiles = Record<string, string | null>;

export interface GitServers {
  /** The temp dir holding everything (bare repos under repos/). */
  root: string;
  /** Creates a bare repo `name`.git with one commit of `files` on `opts.branch` (default main); returns the commit hash. */
  createRepo(name: string, files: RepoFiles, opts?: { branch?: string; message?: string }): Promise<string>;
  /** Commits `files` on `branch` (default: the repo's first branch; a new branch starts from it) and pushes; returns the hash. */
  commit(name: string, files: RepoFiles, message: string, branch?: string): Promise<string>;
  /** Tags `ref` (branch, tag or hash; annotated when `message` is given); returns the tagged commit's hash. */
  tag(name: string, tag: string, ref: string, message?: string): Promise<string>;
  /** The commit hash `ref` names in the served repo. */
  resolve(name: string, ref: string): Promise<string>;
  /** The bare repo's absolute path. */
  repoPath(name: string): string;
  urls(name: string): GitUrls;
  httpAuth: { username: string; token: string };
  /** Every request the HTTP server received, in order. */
  httpRequests: HttpRequestRecord[];
  sshUser: string;
  /** The client key sshd accepts, OpenSSH private key text (what a key Credential would hold). */
  sshPrivateKey: string;
  /** The same key as a 0600 file, for `ssh -i`. */
  sshPrivateKeyPath: string;
  /** The server's host key, "ssh-ed25519 AAAA…". */
  sshHostPublicKey: string;
  /** A known_hosts line for the server: "[127.0.0.1]:PORT ssh-ed25519 AAAA…". */
  sshKnownHostsLine: string;
  ports: { git: number; http: number; ssh: number };
  stop(): Promise<void>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Author identity and settings for the helper's own commits, independent of any global git config. */
const GIT_ARGS = ["-c", "user.name=Wheelhouse Test", "-c", "user.email=test@wheelhouse.invalid", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"];

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(GIT, [...GIT_ARGS, ...args], { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } });
    return stdout.trim();
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`git ${args.join(" ")} failed in ${cwd}: ${e.stderr?.trim() || e.message}`);
  }
}

async function writeFiles(dir: string, files: RepoFiles): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.resolve(dir, rel);
    if (!file.startsWith(dir + path.sep)) throw new Error(`file path ${rel} leaves the repository`);
    if (content === null) {
      await rm(file, { force: true });
    } else {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content);
    }
  }
}

export async function startGitServers(opts: { username?: string; token?: string } = {}): Promise<GitServers> {
  requireTool(GIT, "git");
  requireTool(SSHD, "openssh-server");
  requireTool(SSH_KEYGEN, "openssh-client");
  const root = await mkdtemp(path.join(os.tmpdir(), "wh-git-"));
  const reposDir = path.join(root, "repos");
  const workDir = path.join(root, "work");
  const sshDir = path.join(root, "ssh");
  await Promise.all([mkdir(reposDir), mkdir(workDir), mkdir(sshDir, { mode: 0o700 })]);
  const httpAuth = { username: opts.username ?? "wh-git", token: opts.token ?? `tok_${randomBytes(12).toString("hex")}` };
  const defaultBranch = new Map<string, string>();
  const httpRequests: HttpRequestRecord[] = [];
  const daemons: Daemon[] = [];
  let httpServer: http.Server | undefined;
  const stopAll = async () => {
    await Promise.all(daemons.map((d) => d.stop()));
    if (httpServer) {
      httpServer.closeAllConnections();
      await new Promise((resolve) => httpServer!.close(resolve));
    }
    await rm(root, { recursive: true, force: true });
  };

  try {
    // git daemon: anonymous, read-only, every repo under repos/ exported.
    const gitDaemon = await startDaemon("git daemon", GIT, (port) => [
      "daemon",
      "--reuseaddr",
      "--export-all",
      "--informative-errors",
      `--base-path=${reposDir}`,
      "--listen=127.0.0.1",
      `--port=${port}`,
    ]);
    daemons.push(gitDaemon);

    // Smart HTTP: Basic auth in front of `git http-backend` as CGI.
    httpServer = http.createServer((req, res) => serveGitHttp(req, res, reposDir, httpAuth, httpRequests));
    await new Promise<void>((resolve, reject) => {
      httpServer!.once("error", reject);
      httpServer!.listen(0, "127.0.0.1", () => resolve());
    });

    // sshd: own host key, own authorized_keys holding the one test key, key auth only.
    const hostKey = path.join(sshDir, "host_ed25519");
    const clientKey = path.join(sshDir, "client_ed25519");
    await run(SSH_KEYGEN, ["-q", "-t", "ed25519", "-N", "", "-C", "wheelhouse-test-host", "-f", hostKey]);
    await run(SSH_KEYGEN, ["-q", "-t", "ed25519", "-N", "", "-C", "wheelhouse-test-client", "-f", clientKey]);
    const authorizedKeys = path.join(sshDir, "authorized_keys");
    await writeFile(authorizedKeys, await readFile(`${clientKey}.pub`), { mode: 0o600 });
    const sshUser = os.userInfo().username;
    const asRoot = process.getuid?.() === 0;
    // Privilege separation needs it when sshd runs as root; without systemd nothing creates it.
    if (asRoot) mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
    const sshdConfig = path.join(sshDir, "sshd_config");
    const sshd = await startDaemon("sshd", SSHD, (port) => {
      // Written per attempt (synchronously: argsFor is), since the port is in it.
      const config = [
        `ListenAddress 127.0.0.1:${port}`,
        `HostKey ${hostKey}`,
        `PidFile ${path.join(sshDir, "sshd.pid")}`,
        `AuthorizedKeysFile ${authorizedKeys}`,
        "PubkeyAuthentication yes",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "UsePAM no",
        "StrictModes no",
        `PermitRootLogin ${asRoot ? "prohibit-password" : "no"}`,
        `AllowUsers ${sshUser}`,
        "X11Forwarding no",
        "AllowTcpForwarding no",
        "PrintMotd no",
        "LogLevel ERROR",
      ].join("\n");
      writeFileSync(sshdConfig, config + "\n", { mode: 0o600 });
      return ["-D", "-e", "-f", sshdConfig];
    });
    daemons.push(sshd);
    const sshHostPublicKey = (await readFile(`${hostKey}.pub`, "utf8")).trim().split(/\s+/).slice(0, 2).join(" ");

    const ports = { git: gitDaemon.port, http: (httpServer.address() as net.AddressInfo).port, ssh: sshd.port };
    const repoPath = (name: string) => {
      if (!NAME.test(name)) throw new Error(`invalid repo name ${JSON.stringify(name)}: use letters, digits, '.', '_' and '-'`);
      return path.join(reposDir, `${name}.git`);
    };
    const existing = (name: string) => {
      if (!defaultBranch.has(name)) throw new Error(`no repo ${name}: createRepo() it first`);
      return { bare: repoPath(name), work: path.join(workDir, name) };
    };

    return {
      root,
      async createRepo(name, files, options = {}) {
        const bare = repoPath(name);
        if (defaultBranch.has(name)) throw new Error(`repo ${name} already exists`);
        const branch = options.branch ?? "main";
        const work = path.join(workDir, name);
        await git(root, ["init", "-q", "--bare", `--initial-branch=${branch}`, bare]);
        await git(root, ["init", "-q", `--initial-branch=${branch}`, work]);
        await git(work, ["remote", "add", "origin", bare]);
        defaultBranch.set(name, branch);
        await writeFiles(work, files);
        await git(work, ["add", "-A"]);
        await git(work, ["commit", "-q", "--allow-empty", "-m", options.message ?? "Initial commit"]);
        await git(work, ["push", "-q", "origin", `HEAD:refs/heads/${branch}`]);
        return git(work, ["rev-parse", "HEAD"]);
      },
      async commit(name, files, message, branch) {
        const { work } = existing(name);
        const target = branch ?? defaultBranch.get(name)!;
        await git(work, ["fetch", "-q", "origin"]);
        const exists = await git(work, ["ls-remote", "--heads", "origin", target]);
        const base = exists ? `origin/${target}` : `origin/${defaultBranch.get(name)}`;
        await git(work, ["checkout", "-q", "-B", target, base]);
        await writeFiles(work, files);
        await git(work, ["add", "-A"]);
        await git(work, ["commit", "-q", "--allow-empty", "-m", message]);
        await git(work, ["push", "-q", "origin", `HEAD:refs/heads/${target}`]);
        return git(work, ["rev-parse", "HEAD"]);
      },
      async tag(name, tag, ref, message) {
        const { bare } = existing(name);
        await git(bare, message ? ["tag", "-a", "-m", message, tag, ref] : ["tag", tag, ref]);
        return git(bare, ["rev-parse", `${tag}^{commit}`]);
      },
      async resolve(name, ref) {
        return git(existing(name).bare, ["rev-parse", `${ref}^{commit}`]);
      },
      repoPath,
      urls(name) {
        const bare = repoPath(name);
        return {
          file: `file://${bare}`,
          git: `git://127.0.0.1:${ports.git}/${name}.git`,
          http: `http://127.0.0.1:${ports.http}/${name}.git`,
          ssh: `ssh://${sshUser}@127.0.0.1:${ports.ssh}${bare}`,
        };
      },
      httpAuth,
      httpRequests,
      sshUser,
      sshPrivateKey: await readFile(clientKey, "utf8"),
      sshPrivateKeyPath: clientKey,
      sshHostPublicKey,
      sshKnownHostsLine: `[127.0.0.1]:${ports.ssh} ${sshHostPublicKey}`,
      ports,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

function authOf(header: string | undefined, expected: { username: string; token: string }): HttpRequestRecord["auth"] {
  if (!header) return "none";
  const m = /^Basic\s+(\S+)$/i.exec(header);
  if (!m) return "invalid";
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  return decoded === `${expected.username}:${expected.token}` ? "valid" : "invalid";
}

/** One request: 401 unless the Basic credentials match, else `git http-backend` as CGI with the body piped in. */
function serveGitHttp(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  projectRoot: string,
  expected: { username: string; token: string },
  records: HttpRequestRecord[],
) {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const record: HttpRequestRecord = {
    method: req.method ?? "GET",
    path: url.pathname + url.search,
    auth: authOf(req.headers.authorization, expected),
    status: 0,
  };
  records.push(record);
  res.on("finish", () => (record.status = res.statusCode));
  if (record.auth !== "valid") {
    req.resume();
    res.writeHead(401, { "WWW-Authenticate": 'Basic realm="wheelhouse-test-git"', "Content-Type": "text/plain" });
    res.end(record.auth === "none" ? "authentication required\n" : "invalid credentials\n");
    return;
  }
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    GIT_PROJECT_ROOT: projectRoot,
    GIT_HTTP_EXPORT_ALL: "1",
    GATEWAY_INTERFACE: "CGI/1.1",
    REQUEST_METHOD: record.method,
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.replace(/^\?/, ""),
    CONTENT_TYPE: req.headers["content-type"] ?? "",
    REMOTE_ADDR: req.socket.remoteAddress ?? "127.0.0.1",
    // http-backend allows pushes (receive-pack) only for an authenticated REMOTE_USER.
    REMOTE_USER: expected.username,
  };
  if (req.headers["content-length"]) env.CONTENT_LENGTH = req.headers["content-length"];
  if (req.headers["content-encoding"]) env.HTTP_CONTENT_ENCODING = req.headers["content-encoding"];
  if (req.headers["git-protocol"]) env.GIT_PROTOCOL = String(req.headers["git-protocol"]);
  const cgi = spawn(GIT, ["http-backend"], { env: env as NodeJS.ProcessEnv, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  cgi.stderr.on("data", (d) => (stderr += d));
  req.pipe(cgi.stdin);
  cgi.stdin.on("error", () => undefined); // the backend may answer without reading the whole body
  let head = Buffer.alloc(0);
  let headersSent = false;
  cgi.stdout.on("data", (chunk: Buffer) => {
    if (headersSent) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const crlf = head.indexOf("\r\n\r\n");
    const lf = head.indexOf("\n\n");
    const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf;
    if (end < 0) return;
    const sepLength = end === crlf ? 4 : 2;
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of head.subarray(0, end).toString("latin1").split(/\r?\n/)) {
      const i = line.indexOf(":");
      if (i < 0) continue;
      const key = line.slice(0, i).trim();
      const value = line.slice(i + 1).trim();
      if (key.toLowerCase() === "status") status = Number.parseInt(value, 10) || 200;
      else headers[key] = value;
    }
    res.writeHead(status, headers);
    headersSent = true;
    const rest = head.subarray(end + sepLength);
    if (rest.length) res.write(rest);
  });
  cgi.on("close", (code) => {
    if (!headersSent) {
      res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(`git http-backend exited with ${code}: ${stderr}\n`);
      return;
    }
    res.end();
  });
}
