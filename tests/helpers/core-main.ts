// A core process for tests that run several or kill one: the start server.ts runs (the
// cross-core bus, onCoreStart, the schedule loop), the socket router it serves, and the real
// routes an API client uses to act through it (execute, open a shell, a Kubernetes action) —
// without Next, whose dev compile takes minutes on these machines. Usage: core-main.ts <port>.
import http from "node:http";
import { NextRequest } from "next/server";
import * as execute from "@/app/api/v1/[type]/[id]/execute/[operation]/route";
import * as kubeActions from "@/app/api/v1/kube/actions/route";
import * as terminals from "@/app/api/v1/terminals/route";
import { CORE_ID } from "@/lib/cluster/nodes";
import { startClusterBus } from "@/lib/cluster/notify";
import { onCoreStart } from "@/lib/executions/recovery";
import { channels } from "@/lib/realtime/channels";
import { createSocketRouter } from "@/lib/realtime/socket-router";
import { startScheduler } from "@/lib/schedules/scheduler";

const port = Number(process.argv[2]);

type Post = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ROUTES: [RegExp, string[], Post][] = [
  [/^\/api\/v1\/([^/]+)\/([^/]+)\/execute\/([^/?]+)$/, ["type", "id", "operation"], execute.POST as Post],
  [/^\/api\/v1\/terminals$/, [], terminals.POST as Post],
  [/^\/api\/v1\/kube\/actions$/, [], kubeActions.POST as Post],
];

async function answer(req: http.IncomingMessage, res: http.ServerResponse) {
  const path = (req.url ?? "").split("?")[0]!;
  const found = ROUTES.map(([pattern, names, post]) => ({ match: pattern.exec(path), names, post })).find((r) => r.match);
  if (req.method !== "POST" || !found?.match) return void res.writeHead(404).end();
  const params = Object.fromEntries(found.names.map((name, i) => [name, found.match![i + 1]!]));
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
  const body = chunks.length ? Buffer.concat(chunks) : undefined;
  const request = new NextRequest(new URL(req.url!, `http://127.0.0.1:${port}`), { method: "POST", headers, body });
  const response = await found.post(request, { params: Promise.resolve(params) });
  res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
}

async function main() {
  startClusterBus();
  await onCoreStart();
  startScheduler();
  const route = createSocketRouter(channels);
  const server = http.createServer((req, res) => void answer(req, res).catch((e) => res.writeHead(500).end(String(e))));
  server.on("upgrade", (req, socket, head) => {
    if (!route(req, socket, head)) socket.destroy();
  });
  server.listen(port, "127.0.0.1", () => console.log(`core ready on ${port} as ${CORE_ID}`));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
