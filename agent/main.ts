// The Wheelhouse agent: `npm run agent -- --core http://127.0.0.1:3000 --token whe_…`.
// Dials out to core (no inbound port), reports host stats and container state, and runs
// the commands and shells core asks for.
import os from "node:os";
import { PROTOCOL_VERSION, type AgentMessage, type CoreMessage } from "../lib/protocol/agent";
import { parseOptions } from "./cli";
import { CoreConnection } from "./connection";
import { runCommand } from "./dispatch";
import { docker } from "./docker/client";
import { detectCompose } from "./docker/compose-detect";
import { watchContainerEvents } from "./docker/events";
import { createHostSampler } from "./docker/host-stats";
import { serviceContainer } from "./docker/find-container";
import { inventory } from "./docker/inventory";
import { followLogs, tailLogs } from "./docker/logs";
import { agentEnv } from "./env";
import { Journal } from "./journal";
import { TerminalManager } from "./terminal/manager";
import packageJson from "../package.json" with { type: "json" };

const log = (line: string) => console.log(`[agent] ${new Date().toISOString()} ${line}`);

async function main() {
  const options = parseOptions(process.argv.slice(2), agentEnv.AGENT_STATE_DIR);
  const journal = new Journal(options.stateDir);
  const send = (message: AgentMessage) => connection.send(message);
  const terminals = new TerminalManager(docker(), send, options.terminals);
  const follows = new Map<string, () => void>();
  let statsTimer: NodeJS.Timeout | undefined;
  // CPU percent is a difference between two readings, so one sampler lives for the whole run.
  const hostStats = createHostSampler();

  const dockerReachable = () => docker().ping().then(() => true, () => false);

  async function logs(message: Extract<CoreMessage, { type: "logs.request" }>) {
    const { requestId } = message;
    try {
      const source = message.source;
      if (source.kind === "pod") throw new Error("This agent is not running in cluster mode");
      const container = source.kind === "container" ? source.container : await serviceContainer(source.project, source.service);
      if (!message.follow) {
        const lines = await tailLogs(container, { tail: message.tail });
        send({ type: "logs.data", requestId, lines: lines.map((l) => l.line) });
        return send({ type: "logs.end", requestId });
      }
      const cancel = await followLogs(container, { tail: message.tail }, (l) => send({ type: "logs.data", requestId, lines: [l.line] }), (e) => {
        follows.delete(requestId);
        send({ type: "logs.end", requestId, error: e?.message });
      });
      follows.set(requestId, cancel);
    } catch (e) {
      send({ type: "logs.end", requestId, error: (e as Error).message });
    }
  }

  const onMessage = (message: CoreMessage) => {
    switch (message.type) {
      case "welcome":
        clearInterval(statsTimer);
        statsTimer = setInterval(() => void hostStats().then((sample) => send({ type: "stats", sample }), (e) => log(`stats failed: ${e.message}`)), message.statsIntervalSeconds * 1000);
        return;
      case "command":
        return void runCommand(message, journal, send);
      case "inventory.request":
        return void inventory().then((inv) => send({ type: "inventory", requestId: message.requestId, ...inv }), () => send({ type: "inventory", requestId: message.requestId, containers: [], images: [], networks: [], volumes: [] }));
      case "logs.request":
        return void logs(message);
      case "logs.cancel":
        follows.get(message.requestId)?.();
        follows.delete(message.requestId);
        return;
      case "terminal.open":
        return void terminals.open(message);
      case "terminal.input":
        return terminals.input(message.sessionId, message.data);
      case "terminal.resize":
        return terminals.resize(message.sessionId, message.cols, message.rows);
      case "terminal.replay":
        return terminals.replay(message.sessionId);
      case "terminal.close":
        return terminals.close(message.sessionId);
    }
  };

  const connection = new CoreConnection({
    coreUrl: options.coreUrl,
    token: options.token,
    stateDir: options.stateDir,
    log,
    onMessage,
    hello: async () => ({
      type: "hello",
      protocol: PROTOCOL_VERSION,
      version: packageJson.version,
      hostname: os.hostname(),
      capabilities: { docker: await dockerReachable(), compose: await detectCompose(), terminals: options.terminals, kubernetes: null },
    }),
    onDisconnected: () => {
      clearInterval(statsTimer);
      // Core ends every session of a lost agent, so their shells must end here too.
      terminals.closeAll("connection to core lost");
      for (const cancel of follows.values()) cancel();
      follows.clear();
    },
  });

  const stopEvents = watchContainerEvents(
    (e) => send({ type: "container.state", container: e.container, id: e.id, state: e.state, action: e.action, labels: e.labels }),
    (message) => log(`docker events: ${message}`),
  );
  connection.start();

  const shutdown = () => {
    log("stopping");
    stopEvents();
    terminals.closeAll("agent stopping");
    connection.stop();
    setTimeout(() => process.exit(0), 200).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

main().catch((e) => {
  console.error(`[agent] ${(e as Error).message}`);
  process.exit(1);
});
