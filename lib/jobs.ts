// Background work that must run once across every core process, not once per core: pruning
// what grows on its own (server stats, the Kubernetes timeline with its resolved monitors, each
// cluster's retention setting; finished agent commands; cores long gone; spilled cross-core
// messages; webhook deliveries kept for replay protection). pg-boss keeps the schedules and the jobs in PostgreSQL (its own `pgboss` schema,
// created on first start): whichever core's worker claims a job runs it, and a `singleton`
// queue never has two of one job running at once. Started by server.ts.
//
// The 2-second execution sweep (lib/executions/recovery.ts) is not a job: cron's granularity is
// a minute, and every core may run it because each end it writes is a conditional update.
import PgBoss from "pg-boss";
import "./server-only";
import { pruneFinishedCommands } from "./agents/commands";
import { startAlertDelivery } from "./alerts/delivery-worker";
import { pruneCoreNodes } from "./cluster/nodes";
import { pruneSpills } from "./cluster/notify";
import { env } from "./env";
import { pruneTimeline } from "./kube/retention";
import { logger } from "./logger";
import { pruneStats } from "./servers/stats";
import { pollSyncs } from "./sync/service";
import { pruneWebhookDeliveries } from "./webhooks/deliveries";

/** Each job: when it runs (cron, UTC) and what it does. */
export const JOBS: Record<string, { cron: string; run: () => Promise<unknown> }> = {
  "prune-stats": { cron: "*/10 * * * *", run: pruneStats },
  "prune-timeline": { cron: "*/10 * * * *", run: pruneTimeline },
  "poll-syncs": { cron: "* * * * *", run: pollSyncs },
  "prune-history": {
    cron: "17 * * * *",
    run: async () => ({
      commands: await pruneFinishedCommands(),
      cores: await pruneCoreNodes(),
      spills: await pruneSpills(),
      webhookDeliveries: await pruneWebhookDeliveries(),
    }),
  },
};

export const JOBS_SCHEMA = "pgboss";

/** Starts this core's worker for every job and (idempotently) their schedules; returns a stop function. */
export async function startJobs(connectionString = env.DATABASE_URL): Promise<{ boss: PgBoss; stop: () => Promise<void> }> {
  const boss = new PgBoss({ connectionString, schema: JOBS_SCHEMA, max: 3 });
  boss.on("error", (e) => logger.error("background jobs (pg-boss)", e));
  await boss.start();
  for (const [name, job] of Object.entries(JOBS)) {
    await boss.createQueue(name, { name, policy: "singleton", retryLimit: 2, expireInSeconds: 600 });
    await boss.schedule(name, job.cron, {}, { tz: "UTC" });
    await boss.work(name, async () => {
      const result = await job.run();
      logger.info(`background job ${name} done: ${JSON.stringify(result ?? null)}`);
    });
  }
  // Alert deliveries are a queue rather than a schedule: jobs sent as alerts open and resolve.
  const stopDelivery = await startAlertDelivery(boss);
  return { boss, stop: async () => (await stopDelivery(), await boss.stop({ graceful: true, timeout: 10_000 })) };
}
