// An agent of another protocol version against a real core: core refuses it with an upgrade
// message, and the agent says so and keeps backing off instead of redialling every second
// (its socket opens before the refusal, which used to reset the backoff).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createEnrollmentToken } from "@/lib/agents/enrollment";
import { PROTOCOL_VERSION } from "@/lib/protocol/agent";
import { createResource } from "@/lib/resources/write";
import { startCore, until } from "@/tests/helpers/core-agent";
import { makeUser, resetDb } from "@/tests/helpers/db";
import { CoreConnection } from "./connection";

let cleanup: (() => Promise<void> | void)[] = [];
beforeEach(resetDb);
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

it("an agent refused for its protocol logs core's reason and backs off as if it never connected", async () => {
  const admin = await makeUser({ admin: true });
  const core = await startCore();
  cleanup.push(() => core.close());
  const serverId = (await createResource(admin.actor, "server", { name: "old-agent" })).id;
  const { token } = await createEnrollmentToken(admin.actor, serverId);
  const stateDir = mkdtempSync(path.join(os.tmpdir(), "wh-agent-old-"));
  cleanup.push(() => rmSync(stateDir, { recursive: true, force: true }));
  const lines: string[] = [];
  const old = PROTOCOL_VERSION + 1;
  const connection = new CoreConnection({
    coreUrls: [core.url],
    token,
    stateDir,
    log: (line) => lines.push(line),
    onMessage: () => {},
    hello: async () => ({
      type: "hello",
      protocol: old,
      version: "9.9.9",
      hostname: "old-agent",
      capabilities: { docker: false, compose: null, terminals: false, kubernetes: null },
    }),
  });
  connection.start();
  cleanup.push(() => connection.stop());

  const delays = () => lines.flatMap((l) => /reconnecting in ([\d.]+) s/.exec(l)?.[1] ?? []).map(Number);
  await until(async () => delays().length >= 3, "three refusals");
  const reason = `Agent protocol ${old} is not supported by this core (protocol ${PROTOCOL_VERSION}): upgrade the agent to the core's version`;
  expect(lines).toContain(`core refused this agent: ${reason}`);
  // The normal backoff (1 s, 2 s, 4 s … with ±25% jitter), not a redial a second after each refusal.
  const [first, second, third] = delays();
  expect(first).toBeGreaterThanOrEqual(0.75);
  expect(second).toBeGreaterThanOrEqual(1.5);
  expect(third).toBeGreaterThanOrEqual(3);
});
