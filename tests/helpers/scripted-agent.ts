// An agent scripted over a real socket to a real core: it says hello with the capabilities a
// test gives and then does only what the test sends, so a test can play an old, broken or
// hostile agent. Each one is enrolled for a new Server; its closer waits until core saw it go.
import WebSocket from "ws";
import { createEnrollmentToken } from "@/lib/agents/enrollment";
import type { Actor } from "@/lib/authz/actor";
import { db } from "@/lib/db";
import { PROTOCOL_VERSION } from "@/lib/protocol/agent";
import { createResource } from "@/lib/resources/write";
import { until } from "./core-agent";

export type Received = Record<string, unknown> & { type: string; requestId: string };

export async function scriptedAgent(coreUrl: string, admin: Actor, name: string, extraCapabilities: Record<string, boolean>, closers: (() => Promise<void>)[]) {
  const serverId = (await createResource(admin, "server", { name })).id;
  const { token, agentId } = await createEnrollmentToken(admin, serverId);
  const received: Received[] = [];
  const ws = new WebSocket(`${coreUrl.replace("http", "ws")}/api/ws/agent`, { headers: { authorization: `Bearer ${token}` } });
  ws.on("message", (raw) => received.push(JSON.parse(String(raw)) as Received));
  const send = (message: Record<string, unknown>) => ws.send(JSON.stringify(message));
  await until(async () => received.some((m) => m.type === "welcome"), `${name} to be welcomed`);
  const capabilities = { docker: true, compose: null, terminals: true, kubernetes: null, ...extraCapabilities };
  let hellos = 0;
  /** Says hello again and waits until core handled it: what this agent sent before has been handled too (in order). */
  const barrier = async () => {
    const version = `scripted-${++hellos}`;
    send({ type: "hello", protocol: PROTOCOL_VERSION, version, hostname: name, capabilities });
    await until(async () => (await db.agent.findUnique({ where: { id: agentId } }))?.version === version, `core to handle ${name}'s ${version}`);
  };
  await barrier();
  const heartbeat = setInterval(() => send({ type: "heartbeat" }), 2_000);
  closers.push(async () => {
    clearInterval(heartbeat);
    ws.close();
    await until(async () => db.alert.findFirst({ where: { type: "ServerUnreachable", targetId: serverId } }), `core to see ${name} go`);
  });
  /** The first message of this type core sent. */
  const asked = (type: string) => until(async () => received.find((m) => m.type === type), `${name} to get a ${type}`);
  return { serverId, send, asked, barrier };
}
