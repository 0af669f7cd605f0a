// The custom Node server: Next's request handler plus one WebSocket upgrade router.
// Started by scripts/dev.ts (which sets up the database and environment first).
import http from "node:http";
import next from "next";
import { PEER_HEADER } from "./lib/auth/client-address";
import { startClusterBus } from "./lib/cluster/notify";
import { onCoreStart } from "./lib/executions/recovery";
import { startJobs } from "./lib/jobs";
import { withRequestContext } from "./lib/ops/access-log";
import { channels } from "./lib/realtime/channels";
import { createSocketRouter } from "./lib/realtime/socket-router";
import { startScheduler } from "./lib/schedules/scheduler";

const dev = process.env.NODE_ENV !== "production";
const hostname = process.env.HOSTNAME ?? "127.0.0.1";
const port = Number(process.env.PORT ?? 3000);

async function main() {
  const server = http.createServer();
  const app = next({ dev, hostname, port, httpServer: server });
  await app.prepare();
  const handle = app.getRequestHandler();
  const routeUpgrade = createSocketRouter(channels);
  // Before any agent or browser connects: join the other cores (if any) and end what a core
  // that is gone left running.
  const leaveBus = startClusterBus();
  const leaveCluster = await onCoreStart();
  const jobs = await startJobs();
  // Procedure schedules: every core runs the loop; each tick's row decides which core runs it.
  const scheduler = startScheduler();

  server.on("request", (req, res) => {
    // The connection's own address, for lib/auth/client-address.ts; overwrites any client-sent value.
    req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
    // A request id for its log lines, error bodies and X-Request-Id, and one access line (lib/ops/access-log.ts).
    void withRequestContext(req, res, () => handle(req, res));
  });
  server.on("upgrade", (req, socket, head) => {
    // Paths the router does not own (Next's /_next/hmr) are left to Next's own listener.
    routeUpgrade(req, socket, head);
  });
  server.listen(port, hostname, () => {
    console.log(`Wheelhouse ready on http://${hostname}:${port}`);
    // Next attaches its HMR upgrade listener only after serving a first request.
    if (dev) http.get(`http://${hostname}:${port}/api/health`, (res) => res.resume()).on("error", () => {});
  });

  const shutdown = () => {
    // Others take over this core's agents as soon as its row is gone, not after it goes stale.
    void Promise.all([leaveCluster(), leaveBus(), jobs.stop(), scheduler.stop()]).finally(() => process.exit(0));
    server.close();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
