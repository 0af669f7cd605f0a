// Docker container events from an agent, handled as core handles what the agent says: the
// Deployment Wheelhouse made gets its state, and a container Wheelhouse doesn't manage (the
// kubelet's, on a Kubernetes node: dozens per rollout) costs no query — those events share the
// agent's lane with its command replies, so each query would delay a scale's or restart's end.
import { beforeAll, describe, expect, it } from "vitest";
import type { AgentConnection } from "@/lib/agents/hub";
import { handleAgentMessage } from "@/lib/agents/inbound";
import { db } from "@/lib/db";
import { DEPLOYMENT_LABEL } from "@/lib/protocol/agent";
import { createResource } from "@/lib/resources/write";
import { makeUser, resetDb, statementsDuring } from "../helpers/db";

let conn: AgentConnection;
let deploymentId: string;

beforeAll(async () => {
  await resetDb();
  const admin = await makeUser({ admin: true });
  const serverId = (await createResource(admin.actor, "server", { name: "host" })).id;
  deploymentId = (await createResource(admin.actor, "deployment", { name: "web", config: { serverId } })).id;
  const agent = await db.agent.create({ data: { name: "host-agent", servers: { connect: { id: serverId } } } });
  conn = { agentId: agent.id } as AgentConnection;
});

const event = (container: string, state: string, labels: Record<string, string>) =>
  ({ type: "container.state", container, id: "c0ffee", state, action: state === "running" ? "start" : "die", labels }) as const;

describe("container.state", () => {
  it("sets the state of the Deployment whose container it is", async () => {
    await handleAgentMessage(conn, event("web", "exited", { [DEPLOYMENT_LABEL]: "web" }));
    const row = await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } });
    expect((row.info as { state?: string }).state).toBe("exited");
  });

  it("runs no query for a container Wheelhouse doesn't manage, and changes nothing", async () => {
    const kubelet = { "io.kubernetes.pod.name": "web-7d9f", "io.kubernetes.pod.namespace": "default", "io.kubernetes.container.name": "web" };
    const queries = await statementsDuring(async () => {
      await handleAgentMessage(conn, event("k8s_web_web-7d9f_default_1", "running", kubelet));
      // Named like the Deployment, but not the container Wheelhouse made for it.
      await handleAgentMessage(conn, event("web", "running", {}));
    });
    expect(queries).toBe(0);
    const row = await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } });
    expect((row.info as { state?: string }).state).toBe("exited");
  });
});
