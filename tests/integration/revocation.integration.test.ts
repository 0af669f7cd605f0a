// Revocation reaches open sockets and shells (issue 8 §6): disabling a user, removing a grant,
// a group membership or a Kubernetes policy, or revoking an API key takes effect on what is
// already open — the next subscription or event is refused, and the user's shells end with the
// reason. Core is the real socket router; the shells run on a real agent.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { db } from "@/lib/db";
import { publish } from "@/lib/realtime/bus";
import { createResource, updateResource } from "@/lib/resources/write";
import { openTerminal } from "@/lib/terminal/open";
import { deleteApiKey } from "@/lib/users/api-keys";
import { createGrant, deleteGrant } from "@/lib/users/grants";
import { createGroup, updateGroup } from "@/lib/users/groups";
import { createKubePolicy, deleteKubePolicy } from "@/lib/users/kube-policies";
import { updateUser } from "@/lib/users/users";
import { ensureDocker } from "@/scripts/lib/docker";
import { type AgentProcess, connectAgent, startCore, until } from "../helpers/core-agent";
import { makeUser, resetDb, type TestUser } from "../helpers/db";
import { sessionHeaders } from "../helpers/session";

let core: Awaited<ReturnType<typeof startCore>>;
let agent: AgentProcess;
let disconnect: (() => Promise<void>) | undefined;
let admin: TestUser;
let serverId: string;
let user: TestUser;
/** Two deployments the user can read, by separate grants: one to revoke, one to show the feed still works. */
let revoked: { id: string; grantId: string };
let kept: { id: string };

type Message = { type: string; [k: string]: unknown };

interface Client {
  received: Message[];
  output: () => string;
  closed: Promise<{ code: number; reason: string }>;
  send: (m: object) => void;
  close: () => void;
}

function connect(pathAndQuery: string, headers: Record<string, string>): Client {
  const socket = new WebSocket(`${core.url.replace("http", "ws")}${pathAndQuery}`, { headers });
  const received: Message[] = [];
  let output = "";
  socket.on("message", (data, isBinary) => (isBinary ? (output += data.toString()) : received.push(JSON.parse(String(data)))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  socket.on("error", () => {});
  return { received, output: () => output, closed, send: (m) => socket.send(JSON.stringify(m)), close: () => socket.close() };
}

async function feed(headers: Record<string, string>) {
  const client = connect("/api/ws/events", headers);
  await until(async () => client.received.some((m) => m.type === "ready"), "the feed to be ready");
  return client;
}

const changed = (type: string, id: string) => publish({ type: "resource.changed", resourceType: type, resourceId: id });
const sawChange = (client: Client, id: string) => client.received.some((m) => m.type === "resource.changed" && m.resourceId === id);

/** Publishes a change of the revoked resource, then of a still readable one; once the second arrives, the first would have (events are delivered in order). */
async function expectRefusedThenStillServed(client: Client, revokedType: string, revokedId: string, keptType: string, keptId: string) {
  const before = client.received.length;
  changed(revokedType, revokedId);
  changed(keptType, keptId);
  await until(async () => client.received.slice(before).some((m) => m.type === "resource.changed" && m.resourceId === keptId), "the still readable change");
  expect(client.received.slice(before).filter((m) => m.type === "resource.changed" && m.resourceId === revokedId)).toEqual([]);
}

/** A shell of `owner` on the server, attached with `headers`, with the shell's prompt on screen. */
async function shell(owner: TestUser, headers: Record<string, string>) {
  const opened = await openTerminal(owner.actor, { targetType: "server", targetId: serverId });
  const client = connect(`/api/ws/terminal?session=${opened.id}`, headers);
  await until(async () => client.output().length > 0, `the shell's first output:\n${agent.output()}`);
  return { id: opened.id, client };
}

async function ended(sessionId: string) {
  return until(async () => {
    const row = await db.terminalSession.findUniqueOrThrow({ where: { id: sessionId } });
    return row.endedAt ? row : null;
  }, `session ${sessionId} to end`);
}

beforeAll(async () => {
  await ensureDocker();
  await resetDb();
  admin = await makeUser({ admin: true });
  ({ core, agent, id: serverId, close: disconnect } = await connectAgent(admin.actor, "server", "revoke-host"));
}, 600_000);

afterAll(async () => {
  await disconnect?.();
});

beforeEach(async () => {
  user = await makeUser();
  const grant = (resourceType: string, resourceId: string, extra: object = {}) =>
    createGrant(admin.actor, { userId: user.id, resourceType, targetKind: "resource", resourceId, ...extra });
  const a = await createResource(admin.actor, "deployment", { name: `revoked-${user.id.slice(-6)}`, config: { serverId } });
  const b = await createResource(admin.actor, "deployment", { name: `kept-${user.id.slice(-6)}`, config: { serverId } });
  revoked = { id: a.id, grantId: (await grant("deployment", a.id)).id };
  kept = { id: b.id };
  await grant("deployment", b.id);
  await grant("server", serverId, { level: "Execute", specific: ["Terminal"] });
});

describe("revocation reaches open sockets and shells", () => {
  it("disabling a user closes their feed with the reason and ends their shell, which tells the browser why", async () => {
    const cookie = await sessionHeaders(user);
    const browser = await feed(cookie);
    const { id, client } = await shell(user, cookie);
    await updateUser(admin.actor, user.id, { enabled: false });

    expect(await browser.closed).toEqual({ code: 4401, reason: "Access revoked: your session has ended: sign in again" });
    expect((await ended(id)).endReason).toMatch(/^Access revoked: /);
    const exit = await until(async () => client.received.find((m) => m.type === "exit"), "the shell's exit message");
    expect(exit.reason).toMatch(/^Access revoked: /);
  });

  it("a shell left running with no browser attached ends when its user is disabled", async () => {
    const cookie = await sessionHeaders(user);
    const { id, client } = await shell(user, cookie);
    // The browser goes away (page closed); the shell keeps running on the agent, as the dock expects.
    client.close();
    await client.closed;
    expect((await db.terminalSession.findUniqueOrThrow({ where: { id } })).endedAt).toBeNull();
    await updateUser(admin.actor, user.id, { enabled: false });
    expect((await ended(id)).endReason).toBe("Access revoked: the user was disabled");
  });

  it("revoking an API key closes the sockets opened with it and ends the shell they drive", async () => {
    const keyHeaders = { "x-api-key": user.key };
    const browser = await feed(keyHeaders);
    const { id, client } = await shell(user, keyHeaders);
    const key = await db.apiKey.findFirstOrThrow({ where: { userId: user.id } });
    await deleteApiKey(user.actor, key.id);
    expect(await browser.closed).toEqual({ code: 4401, reason: "Access revoked: Invalid or expired API key" });
    expect((await client.closed).code).not.toBe(1006);
    expect((await ended(id)).endReason).toBe("Access revoked: Invalid or expired API key");
  });

  it("removing a grant: the next event and subscription for what it gave are refused, a live subscription ends, and a shell it allowed ends", async () => {
    const cookie = await sessionHeaders(user);
    const browser = await feed(cookie);
    await updateResource(admin.actor, "deployment", revoked.id, { description: "changed" });
    const updateId = (await db.update.findFirstOrThrow({ where: { targetId: revoked.id }, orderBy: { startedAt: "desc" } })).id;
    browser.send({ type: "subscribe", updateId });
    await until(async () => browser.received.find((m) => m.type === "update.snapshot" && m.updateId === updateId), "the subscription");
    changed("deployment", revoked.id);
    await until(async () => sawChange(browser, revoked.id), "the change before the revocation");

    await deleteGrant(admin.actor, revoked.grantId);
    await until(
      async () => browser.received.find((m) => m.type === "update.done" && m.updateId === updateId && m.error === "Your access to this update was revoked"),
      "the subscription to be ended",
    );
    await expectRefusedThenStillServed(browser, "deployment", revoked.id, "deployment", kept.id);
    browser.send({ type: "subscribe", updateId });
    await until(
      async () => browser.received.find((m) => m.type === "update.done" && m.updateId === updateId && m.error === "Not found"),
      "the new subscription to be refused",
    );

    const { id } = await shell(user, cookie);
    const terminalGrant = await db.permission.findFirstOrThrow({ where: { userId: user.id, resourceType: "server" } });
    await deleteGrant(admin.actor, terminalGrant.id);
    expect((await ended(id)).endReason).toMatch(/^Access revoked: /);
  });

  it("removing a group membership refuses the next event the group's grant allowed", async () => {
    const cluster = await createResource(admin.actor, "cluster", { name: `team-${user.id.slice(-6)}` });
    const group = await createGroup(admin.actor, { name: `viewers-${user.id.slice(-6)}`, memberIds: [user.id] });
    await createGrant(admin.actor, { userGroupId: group.id, resourceType: "cluster", targetKind: "resource", resourceId: cluster.id });
    const browser = await feed(await sessionHeaders(user));
    changed("cluster", cluster.id);
    await until(async () => sawChange(browser, cluster.id), "the group-granted change before the revocation");
    await updateGroup(admin.actor, group.id, { memberIds: [] });
    await expectRefusedThenStillServed(browser, "cluster", cluster.id, "deployment", kept.id);
  });

  it("removing a Kubernetes policy refuses the next change of the cluster it let the user see", async () => {
    const cluster = await createResource(admin.actor, "cluster", { name: `prod-${user.id.slice(-6)}` });
    const policy = await createKubePolicy(admin.actor, { userId: user.id, clusters: cluster.name, namespaces: "team-a", actions: ["view"] });
    const browser = await feed(await sessionHeaders(user));
    const sawKube = (from: number) => browser.received.slice(from).some((m) => m.type === "kube.changed" && m.clusterId === cluster.id);
    publish({ type: "kube.changed", clusterId: cluster.id });
    await until(async () => sawKube(0), "the policy-granted change before the revocation");
    await deleteKubePolicy(admin.actor, policy.id);
    // As expectRefusedThenStillServed: the still readable change arrives after the refused one would have.
    const before = browser.received.length;
    publish({ type: "kube.changed", clusterId: cluster.id });
    changed("deployment", kept.id);
    await until(async () => browser.received.slice(before).some((m) => m.type === "resource.changed" && m.resourceId === kept.id), "the still readable change");
    expect(sawKube(before)).toBe(false);
  });
});
