// A core process for tests that kill one: the start server.ts runs (onCoreStart), the socket
// router it serves, and the real execute route (app/api/v1/[type]/[id]/execute/[operation]),
// without Next, whose dev compile takes minutes on these machines. Usage: core-main.ts <port>.
import http from "node:http";
import { NextRequest } from "next/server";
import * as execute from "@/app/api/v1/[type]/[id]/execute/[operation]/route";
import { onCoreStart } from "@/lib/executions/recovery";
import { channels } from "@/lib/realtime/channels";
import { createSocketRouter } from "@/lib/realtime/socket-router";

const port = Number(process.argv[2]);
const EXECUTE = /^\/api\/v1\/([^/]+)\/([^/]+)\/execute\/([^/?]+)$/;

async function answer(req: http.IncomingMessage, res: http.ServerResponse) {
  const [, type, id, operation] = EXECUTE.exec(req.url ?? "") ?? [];
  if (req.method !== "POST" || !type || !id || !operation) return void res.writeHead(404).end();
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
  const body = chunks.length ? Buffer.concat(chunks) : undefined;
  const request = new NextRequest(new URL(req.url!, `http://127.0.0.1:${port}`), { method: "POST", headers, body });
  const response = await execute.POST(request, { params: Promise.resolve({ type, id, operation }) });
  res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
}

async function main() {
  await onCoreStart();
  const route = createSocketRouter(channels);
  const server = http.createServer((req, res) => void answer(req, res).catch((e) => res.writeHead(500).end(String(e))));
  server.on("upgrade", (req, socket, head) => {
    if (!route(req, socket, head)) socket.destroy();
  });
  server.listen(port, "127.0.0.1", () => console.log(`core ready on ${port}`));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
