// Keeps core's copy of the cluster current: for each watched kind, list (sent as `k8s.list`
// pages; core replaces what it holds when the last one arrives), then watch from the list's resourceVersion and forward every change
// (`k8s.change`). A 410 Gone (the server no longer has history that old) means changes were
// missed, so the kind is listed again; any other failure retries the watch with backoff.
// Hand-written rather than the client's informer: the informer re-announces every object as
// an add after a re-list, where core needs one `k8s.list` to replace its copy (and to notice
// deletions it missed).
import { setMaxListeners } from "node:events";
import { pagesOf } from "../../lib/protocol/frames";
import { WATCHED_KINDS, type WatchedKind } from "../../lib/protocol/kube";
import type { AgentMessage } from "../../lib/protocol/agent";
import { objectPath, type ApiResource, type Discovery } from "./discovery";
import { isStatus, KubeApiError, type KubeClient } from "./rest";
import { fitObject, sanitize } from "./sanitize";

/** Group/versions to try for each kind, newest first. */
const SOURCES: Record<WatchedKind, string[]> = {
  Deployment: ["apps/v1"],
  StatefulSet: ["apps/v1"],
  DaemonSet: ["apps/v1"],
  ReplicaSet: ["apps/v1"],
  ControllerRevision: ["apps/v1"],
  Pod: ["v1"],
  Node: ["v1"],
  // core/v1 Events (not events.k8s.io): every component writes them and kubectl shows them.
  Event: ["v1"],
  ConfigMap: ["v1"],
  Secret: ["v1"],
  Job: ["batch/v1"],
  CronJob: ["batch/v1", "batch/v1beta1"],
  PodDisruptionBudget: ["policy/v1", "policy/v1beta1"],
  // Every version has spec.scaleTargetRef, min/maxReplicas and status.desiredReplicas.
  HorizontalPodAutoscaler: ["autoscaling/v2", "autoscaling/v1"],
};

type Json = Record<string, unknown>;
type Send = (message: AgentMessage) => void;

export interface WatchOptions {
  kinds?: readonly WatchedKind[];
  /** Start watching from here instead of listing first (tests pass a stale one to exercise a 410). */
  resourceVersion?: string;
  /** How long the server keeps one watch open before the agent re-opens it from the last version. */
  watchTimeoutSeconds?: number;
  log?: (line: string) => void;
}

const PAGE = 500;
/** Waits `ms`, or less when `signal` aborts; leaves no listener behind (the signal lives as long as the watch). */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });

/**
 * Lists every object of a kind across namespaces and sends it as `k8s.list` pages: the API is
 * read `PAGE` objects at a time (limit/continue), and each of its pages is sent in parts that
 * stay under core's frame limit, so no list, however big, needs one huge frame. The last part
 * says `more: false`; core replaces its copy only then. Returns the list's resourceVersion.
 */
async function sendList(client: KubeClient, source: ApiResource, kind: WatchedKind, send: Send, signal: AbortSignal): Promise<string> {
  const path = objectPath(source);
  let cont: string | undefined;
  let resourceVersion = "";
  let page = 0;
  do {
    const got = await client.request<{ items: Json[]; metadata: { resourceVersion: string; continue?: string } }>("GET", path, {
      query: { limit: PAGE, continue: cont },
      signal,
    });
    resourceVersion = got.metadata.resourceVersion;
    cont = got.metadata.continue || undefined;
    const parts = pagesOf(got.items.map((o) => fitObject(sanitize(o, source.apiVersion, kind))));
    parts.forEach((objects, i) => send({ type: "k8s.list", kind, objects, page: page++, more: Boolean(cont) || i < parts.length - 1 }));
  } while (cont);
  return resourceVersion;
}

interface WatchEvent {
  type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";
  object: Json;
}

/**
 * One watch request until the server ends it. Returns the last resourceVersion seen; throws a
 * KubeApiError(410) when the server says the version is too old.
 */
async function watchOnce(
  client: KubeClient,
  path: string,
  resourceVersion: string,
  timeoutSeconds: number,
  signal: AbortSignal,
  onEvent: (e: WatchEvent) => void,
): Promise<string> {
  let rv = resourceVersion;
  let buffered = "";
  let failure: KubeApiError | undefined;
  const query = { watch: 1, resourceVersion, allowWatchBookmarks: true, timeoutSeconds };
  const inner = new AbortController();
  const stop = () => inner.abort();
  signal.addEventListener("abort", stop, { once: true });
  try {
    const { done } = await client.stream(path, { query, signal: inner.signal }, (text) => {
      buffered += text;
      let nl: number;
      while ((nl = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (!line) continue;
        let event: WatchEvent;
        try {
          event = JSON.parse(line) as WatchEvent;
        } catch {
          failure = new KubeApiError(500, `unreadable watch event: ${line.slice(0, 200)}`);
          return stop();
        }
        if (event.type === "ERROR") {
          const status = event.object as { code?: number; message?: string; reason?: string };
          failure = new KubeApiError(status.code ?? 500, status.message ?? "watch error", status.reason);
          continue;
        }
        rv = ((event.object.metadata as Json | undefined)?.resourceVersion as string | undefined) ?? rv;
        if (event.type !== "BOOKMARK") onEvent(event);
      }
    });
    await done;
  } finally {
    signal.removeEventListener("abort", stop);
  }
  if (failure) throw failure;
  return rv;
}

/** List+watch one kind until `signal` aborts. */
export async function runKind(
  client: KubeClient,
  source: ApiResource,
  kind: WatchedKind,
  send: Send,
  signal: AbortSignal,
  options: WatchOptions = {},
): Promise<void> {
  const path = objectPath(source);
  const log = options.log ?? (() => {});
  let rv = options.resourceVersion ?? "";
  let backoff = 1000;
  while (!signal.aborted) {
    try {
      if (!rv) rv = await sendList(client, source, kind, send, signal);
      // A random timeout spreads the re-opens of thirteen kinds over time.
      const timeout = options.watchTimeoutSeconds ?? 300 + Math.floor(Math.random() * 300);
      rv = await watchOnce(client, path, rv, timeout, signal, (e) =>
        send({ type: "k8s.change", kind, action: e.type as "ADDED", object: fitObject(sanitize(e.object, source.apiVersion, kind)) }),
      );
      backoff = 1000;
    } catch (e) {
      if (signal.aborted) return;
      if (isStatus(e, 410)) {
        log(`${kind}: watch history expired (410 Gone); listing again`);
        rv = "";
        continue;
      }
      log(`${kind}: ${(e as Error).message}; retrying in ${Math.round(backoff / 1000)} s`);
      await sleep(backoff, signal);
      backoff = Math.min(backoff * 2, 60_000);
    }
  }
}

/** Finds which version serves `kind` (retrying while the API server is unreachable), then list+watches it. */
async function discoverAndRun(
  client: KubeClient,
  discovery: Discovery,
  kind: WatchedKind,
  send: Send,
  signal: AbortSignal,
  options: WatchOptions,
): Promise<void> {
  const log = options.log ?? (() => {});
  let backoff = 1000;
  while (!signal.aborted) {
    try {
      const source = await discovery.preferred(kind, SOURCES[kind]);
      if (!source) return log(`${kind}: not served by this cluster (tried ${SOURCES[kind].join(", ")}); not watched`);
      return await runKind(client, source, kind, send, signal, options);
    } catch (e) {
      log(`${kind}: discovery failed: ${(e as Error).message}; retrying in ${Math.round(backoff / 1000)} s`);
      await sleep(backoff, signal);
      backoff = Math.min(backoff * 2, 60_000);
    }
  }
}

/**
 * Watches every kind the cluster serves until `stop()`. Kinds it doesn't serve are reported
 * once and skipped; those the agent may not read (RBAC) keep retrying, so granting access
 * later works without a restart.
 */
export function watchCluster(client: KubeClient, discovery: Discovery, send: Send, options: WatchOptions = {}): { stop: () => void; done: Promise<void> } {
  const controller = new AbortController();
  // Every kind's loop listens on this one signal (a few listeners each): not a leak.
  setMaxListeners(100, controller.signal);
  const runs = (options.kinds ?? WATCHED_KINDS).map((kind) => discoverAndRun(client, discovery, kind, send, controller.signal, options));
  return { stop: () => controller.abort(), done: Promise.all(runs).then(() => {}) };
}
