// Agent authentication edges: enrollment tokens expire, and what an agent reports is
// accepted only for its own commands, shells and requests.
import { beforeEach, describe, expect, it } from "vitest";
import { authenticateAgent, createEnrollmentToken } from "@/lib/agents/enrollment";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createResource } from "@/lib/resources/write";
import { makeUser, resetDb, type TestUser } from "../helpers/db";

let admin: TestUser;
beforeEach(async () => {
  await resetDb();
  admin = await makeUser({ admin: true });
});

const refusalOf = (p: Promise<unknown>) => p.then(() => null, (e: { code?: string; message: string }) => e);

describe("enrollment tokens", () => {
  it(`expire WHEELHOUSE_ENROLLMENT_TOKEN_TTL_SECONDS (default 1 h) after they are made`, async () => {
    expect(env.WHEELHOUSE_ENROLLMENT_TOKEN_TTL_SECONDS).toBe(3600);
    const serverId = (await createResource(admin.actor, "server", { name: "enroll-me" })).id;
    const before = Date.now();
    const { token, agentId } = await createEnrollmentToken(admin.actor, serverId);
    const { tokenExpiresAt } = await db.agent.findUniqueOrThrow({ where: { id: agentId } });
    expect(tokenExpiresAt!.getTime()).toBeGreaterThanOrEqual(before + 3600_000);
    expect(tokenExpiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 3600_000);

    // An hour later (moved back rather than waited for): refused, and nothing is handed out.
    await db.agent.update({ where: { id: agentId }, data: { tokenExpiresAt: new Date(Date.now() - 1000) } });
    const refused = await refusalOf(authenticateAgent(token));
    expect(refused).toMatchObject({ code: "UNAUTHENTICATED", message: "This enrollment token has expired; create a new one on the server's page" });
    expect((await db.agent.findUniqueOrThrow({ where: { id: agentId } })).credentialHash).toBeNull();

    // A new token works, once.
    const second = await createEnrollmentToken(admin.actor, serverId);
    expect(await authenticateAgent(second.token)).toMatchObject({ agentId, credential: expect.stringMatching(/^wha/) });
    expect(await refusalOf(authenticateAgent(second.token))).toMatchObject({ code: "UNAUTHENTICATED" });
  });
});
