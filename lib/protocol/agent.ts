// The agent⇄core protocol: zod schemas imported by BOTH core (lib/agents) and the agent
// (agent/), so a message is validated against the same definition on each side.
// JSON text frames only; terminal bytes travel base64-encoded inside terminal.* messages.
import { z } from "zod";
import { ZBuildPayload } from "./build";
import { ZGitHead, ZGitHeadRequest, ZGitSource, ZRepoSyncPayload } from "./git";
import { ZDockerHousekeepingPayload } from "./docker-housekeeping";
import { NO_HOST_ACCESS, ZHostAccess } from "./host-reach";
import { ZContainerName, ZNamespaceName, ZPodName } from "./kube-names";
import { ZSyncReadData, ZSyncReadEnd, ZSyncReadRequest, ZSyncWriteEnd, ZSyncWriteRequest } from "./sync";
import { ZKubeAgentMessage, ZKubeCapabilities, ZKubeCommandPayload, ZKubeResync, ZKubeScopeRequest } from "./kube";

export const PROTOCOL_VERSION = 1;
/**
 * Core closes an agent's socket with this code when the agent's hello carries another protocol
 * version (the reason says which, and to upgrade); the agent then logs it and keeps its backoff.
 */
export const CLOSE_UNSUPPORTED_PROTOCOL = 4426;
/**
 * How long a lost connection is waited for, on both sides: the agent keeps its shells and core
 * keeps the agent's commands and shells in flight this long, so an agent that redials (to another
 * core, when the one it had died) carries on where it was. Past it, both ends give up.
 */
export const RECONNECT_GRACE_SECONDS = 10;

// ---------- shared shapes ----------

/** The label that marks a Deployment's container; actions, logs and shells touch no container without it. */
export const DEPLOYMENT_LABEL = "wheelhouse.deployment";

export const ZCapabilities = z.object({
  docker: z.boolean(),
  /** Which compose command the host has: the v2 plugin, the v1 binary, or none. */
  compose: z.enum(["v2", "v1"]).nullable(),
  /** Set by the agent's operator: shells can be turned off entirely. */
  terminals: z.boolean(),
  /** Present when the agent runs in cluster mode. */
  kubernetes: ZKubeCapabilities.nullable().default(null),
  /** Answers `sync.read.request` (lib/protocol/sync.ts); agents from before it never do. */
  syncRead: z.boolean().optional(),
  /** Answers `sync.write.request` (managed Syncs' write-back); agents from before it never do. */
  syncWrite: z.boolean().optional(),
});
export type Capabilities = z.infer<typeof ZCapabilities>;

export const ZStatsSample = z.object({
  at: z.string(),
  cpuPercent: z.number(),
  load: z.tuple([z.number(), z.number(), z.number()]),
  memTotalBytes: z.number(),
  memUsedBytes: z.number(),
  disks: z.array(z.object({ mount: z.string(), totalBytes: z.number(), usedBytes: z.number() })),
  netRxBytes: z.number(),
  netTxBytes: z.number(),
});
export type StatsSample = z.infer<typeof ZStatsSample>;

export const ZContainerSummary = z.object({
  id: z.string(),
  name: z.string(),
  image: z.string(),
  state: z.string(),
  status: z.string(),
  labels: z.record(z.string(), z.string()),
  createdAt: z.string(),
});
export type ContainerSummary = z.infer<typeof ZContainerSummary>;

/** A container to run, fully resolved by core (variables interpolated, secrets included). */
export const ZContainerSpec = z.object({
  name: z.string(),
  image: z.string(),
  env: z.record(z.string(), z.string()),
  ports: z.array(z.string()),
  volumes: z.array(z.string()),
  network: z.string(),
  restart: z.enum(["no", "always", "unless-stopped", "on-failure"]),
  command: z.array(z.string()),
  labels: z.record(z.string(), z.string()),
  stopSignal: z.string(),
  stopTimeoutSeconds: z.number().int().min(0),
  /** Values to replace with "***" in every log line the agent sends back. */
  redact: z.array(z.string()),
  /** What of the host this may reach; the agent refuses the rest (see host-reach.ts). */
  hostAccess: ZHostAccess.default(NO_HOST_ACCESS),
  /** The account to pull the image with, for a private registry. */
  registryAuth: z.object({ username: z.string(), password: z.string(), serveraddress: z.string() }).nullable().default(null),
});
export type ContainerSpec = z.infer<typeof ZContainerSpec>;

export const ZComposeSpec = z.object({
  project: z.string(),
  /** Files in merge order (`-f a -f b`). */
  files: z.array(z.object({ name: z.string(), contents: z.string() })),
  env: z.record(z.string(), z.string()),
  /** Where `env` is also written, in the project folder, for --env-file and services' `env_file:` ("" = none). */
  envFile: z.string().default(""),
  preDeploy: z.string(),
  postDeploy: z.string(),
  redact: z.array(z.string()),
  hostAccess: ZHostAccess.default(NO_HOST_ACCESS),
  /**
   * Where the compose files are: `files` above, or files at `filePaths` in a git checkout (kept in
   * the stack's folder) or in a folder on the host, which is then the project directory.
   */
  source: z
    .discriminatedUnion("kind", [
      z.object({ kind: z.literal("inline") }),
      z.object({ kind: z.literal("git"), git: ZGitSource, filePaths: z.array(z.string().min(1)).min(1) }),
      z.object({ kind: z.literal("host"), folder: z.string().min(1), filePaths: z.array(z.string().min(1)).min(1) }),
    ])
    .default({ kind: "inline" }),
  /** Skip `up` when the commit and the files are those of this earlier deploy (deploy-if-changed). */
  unlessUnchanged: z.object({ commit: z.string().nullable(), filesHash: z.string() }).nullable().default(null),
  /** Services `up` leaves alone. */
  ignoreServices: z.array(z.string()).default([]),
  /** `compose pull` before `up`, so changed images under the same tags are used. */
  pull: z.boolean().default(false),
});
export type ComposeSpec = z.infer<typeof ZComposeSpec>;

// ---------- commands core asks the agent to run ----------

export const ZCommandPayload = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("container.deploy"), spec: ZContainerSpec }),
  z.object({
    kind: z.literal("container.action"),
    container: z.string(),
    action: z.enum(["start", "stop", "restart", "pause", "unpause", "destroy"]),
    stopTimeoutSeconds: z.number().int().min(0).default(10),
  }),
  z.object({ kind: z.literal("compose.up"), spec: ZComposeSpec }),
  z.object({
    kind: z.literal("compose.action"),
    spec: ZComposeSpec,
    action: z.enum(["pull", "start", "stop", "restart", "pause", "unpause", "down"]),
    removeOrphans: z.boolean().default(false),
  }),
  z.object({ kind: z.literal("docker.prune"), what: z.enum(["containers", "images", "networks", "volumes", "system"]) }),
  ...ZDockerHousekeepingPayload.options,
  ZRepoSyncPayload,
  ZBuildPayload,
  ...ZKubeCommandPayload.options,
]);
export type CommandPayload = z.infer<typeof ZCommandPayload>;

// ---------- core → agent ----------

export const ZCoreMessage = z.discriminatedUnion("type", [
  /** After authentication. `credential` is sent once, at enrollment: the agent stores it. */
  z.object({ type: z.literal("welcome"), agentId: z.string(), credential: z.string().optional(), statsIntervalSeconds: z.number().int().positive() }),
  z.object({
    type: z.literal("command"),
    commandId: z.string(),
    idempotencyKey: z.string(),
    timeoutSeconds: z.number().int().positive(),
    payload: ZCommandPayload,
  }),
  /** Stop a running command: the agent kills what it runs for it, and the command fails as cancelled. */
  z.object({ type: z.literal("command.cancel"), commandId: z.string() }),
  z.object({
    type: z.literal("logs.request"),
    requestId: z.string(),
    /** A container name, or a compose service (the agent finds its container). */
    source: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("container"), container: z.string() }),
      z.object({ kind: z.literal("service"), project: z.string(), service: z.string() }),
      z.object({
        kind: z.literal("pod"),
        namespace: ZNamespaceName,
        pod: ZPodName,
        container: ZContainerName.optional(),
        previous: z.boolean().default(false),
      }),
    ]),
    tail: z.number().int().min(1).max(10000),
    follow: z.boolean(),
  }),
  z.object({ type: z.literal("logs.cancel"), requestId: z.string() }),
  z.object({ type: z.literal("inventory.request"), requestId: z.string() }),
  ZGitHeadRequest,
  ZSyncReadRequest,
  ZSyncWriteRequest,
  ZKubeScopeRequest,
  ZKubeResync,
  z.object({
    type: z.literal("terminal.open"),
    sessionId: z.string(),
    target: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("host") }),
      z.object({ kind: z.literal("container"), container: z.string() }),
      /** A compose service: the agent finds its container by the compose labels (v1 and v2 name them differently). */
      z.object({ kind: z.literal("service"), project: z.string(), service: z.string() }),
      /** A pod's container in cluster mode, through the Kubernetes exec API. */
      z.object({ kind: z.literal("pod"), namespace: ZNamespaceName, pod: ZPodName, container: ZContainerName.optional() }),
    ]),
    cols: z.number().int().min(10).max(500),
    rows: z.number().int().min(5).max(200),
    idleTimeoutSeconds: z.number().int().positive(),
  }),
  z.object({ type: z.literal("terminal.input"), sessionId: z.string(), data: z.string() }),
  z.object({ type: z.literal("terminal.resize"), sessionId: z.string(), cols: z.number().int().min(10).max(500), rows: z.number().int().min(5).max(200) }),
  /** Asks for the session's bounded scrollback (a browser reconnected). */
  z.object({ type: z.literal("terminal.replay"), sessionId: z.string() }),
  z.object({ type: z.literal("terminal.close"), sessionId: z.string() }),
]);
export type CoreMessage = z.infer<typeof ZCoreMessage>;

// ---------- agent → core ----------

export const ZAgentMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("hello"), protocol: z.number().int(), version: z.string(), hostname: z.string(), capabilities: ZCapabilities }),
  z.object({ type: z.literal("heartbeat") }),
  z.object({ type: z.literal("stats"), sample: ZStatsSample }),
  z.object({
    type: z.literal("container.state"),
    container: z.string(),
    id: z.string(),
    state: z.string(),
    action: z.string(),
    labels: z.record(z.string(), z.string()),
  }),
  z.object({ type: z.literal("command.ack"), commandId: z.string(), duplicate: z.boolean() }),
  z.object({
    type: z.literal("command.stage"),
    commandId: z.string(),
    stage: z.string(),
    command: z.string().default(""),
    status: z.enum(["start", "end"]),
    success: z.boolean().optional(),
  }),
  z.object({ type: z.literal("command.log"), commandId: z.string(), stage: z.string(), stream: z.enum(["stdout", "stderr"]), line: z.string() }),
  z.object({
    type: z.literal("command.result"),
    commandId: z.string(),
    success: z.boolean(),
    error: z.string().optional(),
    result: z.record(z.string(), z.unknown()).optional(),
  }),
  z.object({ type: z.literal("logs.data"), requestId: z.string(), lines: z.array(z.string()) }),
  z.object({ type: z.literal("logs.end"), requestId: z.string(), error: z.string().optional() }),
  ZGitHead,
  ZSyncReadData,
  ZSyncReadEnd,
  ZSyncWriteEnd,
  z.object({
    type: z.literal("inventory"),
    requestId: z.string().optional(),
    containers: z.array(ZContainerSummary),
    images: z.array(z.object({ id: z.string(), tags: z.array(z.string()), sizeBytes: z.number(), createdAt: z.string() })),
    networks: z.array(z.object({ id: z.string(), name: z.string(), driver: z.string() })),
    volumes: z.array(z.object({ name: z.string(), driver: z.string(), mountpoint: z.string() })),
  }),
  z.object({ type: z.literal("terminal.output"), sessionId: z.string(), data: z.string() }),
  z.object({ type: z.literal("terminal.exit"), sessionId: z.string(), code: z.number().int().nullable(), reason: z.string() }),
  ...ZKubeAgentMessage.options,
]);
export type AgentMessage = z.infer<typeof ZAgentMessage>;
