// The Wheelhouse agent: `npm run agent -- --core http://127.0.0.1:3000 --token whe_…`.
// Dials out to core (no inbound port), reports host stats and container state, and runs
// the commands and shells core asks for. With --kubeconfig (or inside a cluster) it also
// runs in cluster mode: watches the Kubernetes API, runs k8s.* actions, pod shells and logs.
import os from "node:os";
import { PROTOCOL_VERSION, RECONNECT_GRACE_SECONDS, type AgentMessage, type CoreMessage } from "../lib/protocol/agent";
import { fitLine, pagesOf } from "../lib/protocol/frames";
import { parseOptions } from "./cli";
import { CoreConnection } from "./connection";
import { cancelCommand, runCommand, setKubeExecutor } from "./dispatch";
import { docker } from "./docker/client";
import { detectCompose } from "./docker/compose-detect";
import { watchContainerEvents } from "./docker/events";
import { createHostSampler } from "./docker/host-stats";
import { deploymentContainer, serviceContainer } from "./docker/find-container";
import { inventory } from "./docker/inventory";
import { followLogs, tailLogs } from "./docker/logs";
import { redactor } from "./docker/progress";
import { remoteHead } from "./git/git";
import { answerSyncRead } from "./sync/read";
import { answerSyncWrite } from "./sync/write";
import { agentEnv } from "./env";
import { Journal } from "./journal";
import { clusterMode } from "./kube/cluster-mode";
import { TerminalManager } from "./terminal/manager";
import packageJson from "../package.json" with { type: "json" };

const log = (line: string) => console.log(`[agent] ${new Date().toISOString()} ${line}`);

async function main() {
  const options = parseOptions(process.argv.slice(2), agentEnv.AGENT_STATE_DIR, { inCluster: Boolean(agentEnv.KUBERNETES_SERVICE_HOST) });
  const journal = new Journal(options.stateDir);
  const send = (message: AgentMessage) => connection.send(message);
  const terminals = new TerminalManager(docker(), send, options.terminals);
  const follows = new Map<string, () => void>();
  let statsTimer: NodeJS.Timeout | undefined;
  /** Ends the shells if the connection to core stays lost past the grace. */
  let shellGrace: NodeJS.Timeout | undefined;
  // CPU percent is a difference between two readings, so one sampler lives for the whole run.
  const hostStats = createHostSampler();

  const dockerReachable = () =>
    docker()
      .ping()
      .then(
        () => true,
        () => false,
      );
  const cluster = options.kubernetes ? clusterMode(options.kubernetes, log) : null;
  if (cluster) {
    setKubeExecutor(cluster.execute);
    terminals.setPodShells(cluster.shell);
    const k = options.kubernetes!;
    log(`cluster mode (${k.kubeconfig ?? "in-cluster service account"}): actions basic=${k.basic} advanced=${k.advanced}, pod exec=${k.podExec}`);
  }

  async function logs(message: Extract<CoreMessage, { type: "logs.request" }>) {
    const { requestId } = message;
    // A tail of 10,000 long lines is megabytes: it goes in chunks, each far below core's frame limit.
    const sendLines = (lines: string[]) => {
      for (const page of pagesOf(lines.map(fitLine))) send({ type: "logs.data", requestId, lines: page });
    };
    try {
      const source = message.source;
      if (source.kind === "pod") {
        if (!cluster) throw new Error("This agent is not running in cluster mode");
        const stream = await cluster.logs(source, message, sendLines);
        if (message.follow) follows.set(requestId, stream.cancel);
        return void stream.done
          .then(
            () => send({ type: "logs.end", requestId }),
            (e: Error) => send({ type: "logs.end", requestId, error: e.message }),
          )
          .finally(() => follows.delete(requestId));
      }
      const container = source.kind === "container" ? (await deploymentContainer(source.container)).Id : await serviceContainer(source.project, source.service);
      if (!message.follow) {
        const lines = await tailLogs(container, { tail: message.tail });
        sendLines(lines.map((l) => l.line));
        return send({ type: "logs.end", requestId });
      }
      // A chatty container writes thousands of lines a second: what arrives in one turn of the
      // event loop goes as one message, not one message per line.
      let batch: string[] = [];
      const flush = () => {
        if (batch.length) sendLines(batch);
        batch = [];
      };
      const cancel = await followLogs(
        container,
        { tail: message.tail },
        (l) => {
          if (batch.push(l.line) === 1) setImmediate(flush);
        },
        (e) => {
          flush();
          follows.delete(requestId);
          send({ type: "logs.end", requestId, error: e?.message });
        },
      );
      follows.set(requestId, cancel);
    } catch (e) {
      send({ type: "logs.end", requestId, error: (e as Error).message });
    }
  }

  const onMessage = (message: CoreMessage) => {
    switch (message.type) {
      case "welcome":
        clearTimeout(shellGrace);
        cluster?.startWatching(send);
        clearInterval(statsTimer);
        statsTimer = setInterval(
          () =>
            void hostStats().then(
              (sample) => send({ type: "stats", sample }),
              (e) => log(`stats failed: ${e.message}`),
            ),
          message.statsIntervalSeconds * 1000,
        );
        return;
      case "command":
        return void runCommand(message, journal, send);
      case "command.cancel":
        return cancelCommand(message.commandId);
      case "inventory.request":
        return void inventory().then(
          (inv) => send({ type: "inventory", requestId: message.requestId, ...inv }),
          () => send({ type: "inventory", requestId: message.requestId, containers: [], images: [], networks: [], volumes: [] }),
        );
      case "git.head.request": {
        const { requestId } = message;
        return void remoteHead(message.source).then(
          (hash) => send({ type: "git.head", requestId, hash }),
          (e: Error) =>
            send({
              type: "git.head",
              requestId,
              hash: null,
              error: redactor(message.source.auth.kind === "token" ? [message.source.auth.token] : [])(e.message),
            }),
        );
      }
      case "sync.read.request":
        return void answerSyncRead(message, send);
      case "sync.write.request":
        return void answerSyncWrite(message, send);
      case "k8s.resync":
        log("core fell behind on cluster changes: re-listing every kind");
        return cluster?.startWatching(send);
      case "k8s.scope.request": {
        const { requestId } = message;
        if (!cluster) return send({ type: "k8s.scope", requestId, namespaced: null, error: "This agent is not running in cluster mode" });
        return void cluster.scope(message.apiVersion, message.kind).then(
          (namespaced) => send({ type: "k8s.scope", requestId, namespaced }),
          (e: Error) => send({ type: "k8s.scope", requestId, namespaced: null, error: `The cluster's discovery API failed: ${e.message}` }),
        );
      }
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
    coreUrls: options.coreUrls,
    token: options.token,
    stateDir: options.stateDir,
    log,
    onMessage,
    hello: async () => ({
      type: "hello",
      protocol: PROTOCOL_VERSION,
      version: packageJson.version,
      hostname: os.hostname(),
      capabilities: {
        docker: await dockerReachable(),
        compose: await detectCompose(),
        terminals: options.terminals,
        kubernetes: cluster ? await cluster.capabilities() : null,
        syncRead: true,
        syncWrite: true,
      },
    }),
    onDisconnected: () => {
      cluster?.stopWatching();
      clearInterval(statsTimer);
      // Core keeps a lost agent's shells for the grace (its browsers may be on another core),
      // so they live on here as long, and end only if no core has us back by then.
      clearTimeout(shellGrace);
      shellGrace = setTimeout(() => terminals.closeAll("connection to core lost"), RECONNECT_GRACE_SECONDS * 1000);
      for (const cancel of follows.values()) cancel();
      follows.clear();
    },
  });

  // A cluster agent without a Docker engine (the usual in-cluster case) has no events to follow.
  const followDocker = !cluster || (await dockerReachable());
  const stopEvents = !followDocker
    ? () => {}
    : watchContainerEvents(
        (e) => send({ type: "container.state", container: e.container, id: e.id, state: e.state, action: e.action, labels: e.labels }),
        (message) => log(`docker events: ${message}`),
      );
  connection.start();

  const shutdown = () => {
    log("stopping");
    stopEvents();
    cluster?.stopWatching();
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
