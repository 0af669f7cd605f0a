// A core in its own process, for tests that must see whether something kills the process
// (an exception no listener hears does, here as in production): the socket router and
// channels server.ts serves, plus one HTTP route that reads the database. Prints its URL.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { db } from "../../lib/db";
import { channels } from "../../lib/realtime/channels";
import { createSocketRouter } from "../../lib/realtime/socket-router";

const server = http.createServer((req, res) => {
  if (req.url !== "/api/health") return void res.writeHead(404).end();
  db.$queryRaw`SELECT 1`.then(
    () => res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'),
    () => res.writeHead(500).end(),
  );
});
const route = createSocketRouter(channels);
server.on("upgrade", (req, socket, head) => {
  if (!route(req, socket, head)) socket.destroy();
});
server.listen(0, "127.0.0.1", () => console.log(`CORE_URL=http://127.0.0.1:${(server.address() as AddressInfo).port}`));
