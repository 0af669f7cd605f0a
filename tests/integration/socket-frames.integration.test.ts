// Hostile and broken frames on every socket core serves (issue 8 §4). Core runs in its own
// process here, because what used to go wrong killed it: ws reports a bad frame as an 'error'
// event, and nobody listened. Each bad frame must close only its own socket, with a reason,
// before or after authentication, while everyone else's sockets and HTTP keep working.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { db } from "@/lib/db";
import { createResource } from "@/lib/resources/write";
import { sha256 } from "@/lib/secrets/crypto";
import { until } from "../helpers/core-agent";
import { startIsolatedCore, type IsolatedCore } from "../helpers/isolated-core";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { frame, rawSocket } from "../helpers/raw-socket";
import { sessionHeaders } from "../helpers/session";

let core: IsolatedCore;
let admin: TestUser;
let cookie: Record<string, string>;
let terminalPath: string;
/** A real agent socket that carries the shell sessions, and keeps talking throughout. */
let shellAgent: WebSocket;
let shellAgentHeartbeat: NodeJS.Timeout;
/** A signed-in browser's feed opened before anything hostile happens. */
let bystander: WebSocket;
const RAW_AGENT_CREDENTIAL = "wha_raw-frames-test-credential";

const ws = (path: string) => `${core.url.replace("http", "ws")}${path}`;
const BAD_FRAMES = {
  "a 2 MiB frame": { bytes: () => frame(Buffer.alloc(2 * 1024 * 1024, "a")), code: 1009, reason: "Frames are limited to 1 MiB" },
  "a frame with a reserved bit set": { bytes: () => frame(Buffer.from('{"type":"heartbeat"}'), { rsv1: true }), code: 1002, reason: "Invalid WebSocket frame" },
  "an unmasked frame": { bytes: () => frame(Buffer.from('{"type":"heartbeat"}'), { mask: false }), code: 1002, reason: "Invalid WebSocket frame" },
} as const;

function messages(socket: WebSocket) {
  const received: { type: string; [k: string]: unknown }[] = [];
  socket.on("message", (d) => received.push(JSON.parse(String(d))));
  return received;
}

beforeAll(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
  cookie = await sessionHeaders(admin);
  core = await startIsolatedCore();
  const shellAgentRow = await db.agent.create({ data: { name: "shell-agent", credentialHash: sha256("wha_shell-agent") } });
  await db.agent.create({ data: { name: "raw-agent", credentialHash: sha256(RAW_AGENT_CREDENTIAL) } });
  const server = await createResource(admin.actor, "server", { name: "frames-host" });
  await db.server.update({ where: { id: server.id }, data: { agentId: shellAgentRow.id } });
  const session = await db.terminalSession.create({
    data: { userId: admin.id, username: admin.username, targetType: "server", targetId: server.id, targetName: "frames-host", container: "host" },
  });
  terminalPath = `/api/ws/terminal?session=${session.id}`;
  shellAgent = new WebSocket(ws("/api/ws/agent"), { headers: { authorization: "Bearer wha_shell-agent" } });
  const toAgent = messages(shellAgent);
  await until(async () => toAgent.some((m) => m.type === "welcome"), "the shell agent to be welcomed");
  shellAgentHeartbeat = setInterval(() => shellAgent.send(JSON.stringify({ type: "heartbeat" })), 2_000);
  bystander = new WebSocket(ws("/api/ws/events"), { headers: cookie });
  const toBystander = messages(bystander);
  await until(async () => toBystander.some((m) => m.type === "ready"), "the bystander's feed to be ready");
});

afterAll(async () => {
  clearInterval(shellAgentHeartbeat);
  shellAgent?.close();
  bystander?.close();
  await core?.stop();
});

/** Core is alive and serves everyone else: the old feed answers, a new one opens, HTTP answers. */
async function everyoneElseIsServed() {
  expect(core.alive(), `core died:\n${core.output()}`).toBe(true);
  expect(bystander.readyState).toBe(WebSocket.OPEN);
  expect(shellAgent.readyState).toBe(WebSocket.OPEN);
  const answers = messages(bystander);
  bystander.send(JSON.stringify({ type: "subscribe", updateId: "no-such-update" }));
  await until(async () => answers.find((m) => m.type === "update.done" && m.updateId === "no-such-update"), "the bystander's feed to answer");
  const fresh = new WebSocket(ws("/api/ws/events"), { headers: cookie });
  const toFresh = messages(fresh);
  await until(async () => toFresh.some((m) => m.type === "ready"), "a new feed to open");
  fresh.close();
  const health = await fetch(`${core.url}/api/health`);
  expect(health.status).toBe(200);
}

const CHANNELS = {
  "/api/ws/events": { path: () => "/api/ws/events", headers: () => cookie },
  "/api/ws/terminal": { path: () => terminalPath, headers: () => cookie },
  "/api/ws/agent": { path: () => "/api/ws/agent", headers: () => ({ authorization: `Bearer ${RAW_AGENT_CREDENTIAL}` }) },
} as const;

describe("sockets survive hostile frames", () => {
  for (const [name, channel] of Object.entries(CHANNELS)) {
    it(`${name}: a bad frame before or after authentication closes only that socket, with a reason`, async () => {
      for (const [what, bad] of Object.entries(BAD_FRAMES)) {
        // Before authentication has finished: sent right behind the upgrade request.
        const early = rawSocket(core.url, channel.path(), channel.headers(), bad.bytes());
        expect(await early.closed(), `${what}, sent before the handshake completed`).toEqual({ code: bad.code, reason: bad.reason });
        early.destroy();
        // After: once the server accepted the socket.
        const late = rawSocket(core.url, channel.path(), channel.headers());
        expect(await late.handshake()).toBe("HTTP/1.1 101 Switching Protocols");
        late.write(bad.bytes());
        expect(await late.closed(), `${what}, sent after the handshake`).toEqual({ code: bad.code, reason: bad.reason });
        late.destroy();
        // Without credentials: the socket is being refused when the frame arrives.
        const refused = rawSocket(core.url, channel.path(), {}, bad.bytes());
        expect((await refused.closed())?.code, `${what}, sent on a refused socket`).toBe(4401);
        refused.destroy();
        await everyoneElseIsServed();
      }
    });
  }
});

describe("WebSocket upgrades and Origin", () => {
  const opened = (socket: WebSocket) =>
    new Promise<{ ready: boolean; code?: number; reason?: string }>((resolve) => {
      socket.on("message", (d) => JSON.parse(String(d)).type === "ready" && resolve({ ready: true }));
      socket.on("close", (code, reason) => resolve({ ready: false, code, reason: reason.toString() }));
      socket.on("error", (e) => resolve({ ready: false, reason: e.message }));
    });

  it("a cookie-authenticated upgrade from another site is refused like a cross-site cookie write; our own pages and API keys are not", async () => {
    const host = new URL(core.url).host;
    const foreign = new WebSocket(ws("/api/ws/events"), { headers: { ...cookie, origin: "https://evil.example" } });
    expect(await opened(foreign)).toEqual({ ready: false, code: 4403, reason: "Cross-site request refused" });
    const opaque = new WebSocket(ws("/api/ws/events"), { headers: { ...cookie, origin: "null" } });
    expect(await opened(opaque)).toEqual({ ready: false, code: 4403, reason: "Cross-site request refused" });
    const terminal = new WebSocket(ws(terminalPath), { headers: { ...cookie, origin: "https://evil.example" } });
    expect(await opened(terminal)).toMatchObject({ ready: false, code: 4403, reason: "Cross-site request refused" });
    const own = new WebSocket(ws("/api/ws/events"), { headers: { ...cookie, origin: `http://${host}` } });
    expect(await opened(own)).toEqual({ ready: true });
    own.close();
    const withKey = new WebSocket(ws("/api/ws/events"), { headers: { "x-api-key": admin.key, origin: "https://evil.example" } });
    expect(await opened(withKey)).toEqual({ ready: true });
    withKey.close();
  });
});
