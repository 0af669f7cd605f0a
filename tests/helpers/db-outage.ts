// What a PostgreSQL restart does to its clients, without stopping the server other test files
// share: every connection to the test database is cut, and new ones are refused until it ends.
import pg from "pg";

export async function cutDatabase(): Promise<{ end: () => Promise<void> }> {
  const url = new URL(process.env.DATABASE_URL!);
  const database = decodeURIComponent(url.pathname.slice(1));
  url.pathname = "/postgres";
  const outside = new pg.Client({ connectionString: url.toString() });
  await outside.connect();
  await outside.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
  await outside.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [database]);
  let ended: Promise<void> | undefined;
  return {
    end: () =>
      (ended ??= (async () => {
        await outside.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);
        await outside.end();
      })()),
  };
}

/** An outage of `downMs`, as a restart of the server would cause. */
export async function asIfRestarted(downMs: number): Promise<void> {
  const outage = await cutDatabase();
  try {
    await new Promise((r) => setTimeout(r, downMs));
  } finally {
    await outage.end();
  }
}
