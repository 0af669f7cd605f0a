// A thin JSON client for the Kubernetes REST API, on the credentials of a KubeConfig
// (kubeconfig file or in-cluster service account). Objects travel as the API's own JSON: the
// typed client would turn timestamps into Dates and drop fields its models don't know, and
// the agent forwards objects to core and PUTs edited manifests, which must stay byte-faithful.
import http from "node:http";
import https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";

/** An API answer with a non-2xx status; `message` is the API server's own explanation. */
export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason?: string,
    readonly body?: unknown,
  ) {
    super(message);
  }
}

export const isStatus = (e: unknown, status: number) => e instanceof KubeApiError && e.status === status;

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** For PATCH: application/merge-patch+json, application/strategic-merge-patch+json, application/json-patch+json. */
  contentType?: string;
  signal?: AbortSignal;
}

export interface KubeClient {
  readonly kc: KubeConfig;
  request<T = Record<string, unknown>>(method: string, path: string, options?: RequestOptions): Promise<T>;
  /** The response body as a stream of text chunks (pod logs); resolves once the status is 2xx. */
  stream(path: string, options: RequestOptions, onChunk: (text: string) => void): Promise<{ done: Promise<void>; abort: () => void }>;
}

function url(kc: KubeConfig, path: string, query: RequestOptions["query"]): URL {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error("The kubeconfig has no current cluster");
  const u = new URL(cluster.server.replace(/\/$/, "") + path);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
  return u;
}

async function open(kc: KubeConfig, method: string, path: string, options: RequestOptions): Promise<http.IncomingMessage> {
  const target = url(kc, path, options.query);
  const opts: https.RequestOptions = { method, headers: { accept: "application/json" } };
  await kc.applyToHTTPSOptions(opts);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  if (body !== undefined)
    Object.assign(opts.headers!, { "content-type": options.contentType ?? "application/json", "content-length": Buffer.byteLength(body) });
  const transport = target.protocol === "http:" ? http : https;
  return new Promise((resolve, reject) => {
    const req = transport.request(target, { ...opts, signal: options.signal }, resolve);
    req.on("error", reject);
    req.end(body);
  });
}

async function readAll(res: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function failure(res: http.IncomingMessage, text: string, method: string, path: string): KubeApiError {
  let body: { message?: string; reason?: string } | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const message = body?.message ?? (text.trim() || `${method} ${path} answered ${res.statusCode}`);
  return new KubeApiError(res.statusCode ?? 0, message, body?.reason, body);
}

export function kubeClient(kc: KubeConfig): KubeClient {
  return {
    kc,
    async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
      const res = await open(kc, method, path, options);
      const text = await readAll(res);
      if ((res.statusCode ?? 0) >= 300) throw failure(res, text, method, path);
      const type = String(res.headers["content-type"] ?? "");
      return (type.includes("json") ? JSON.parse(text) : text) as T;
    },
    async stream(path, options, onChunk) {
      const controller = new AbortController();
      if (options.signal?.aborted) controller.abort();
      options.signal?.addEventListener("abort", () => controller.abort(), { once: true });
      const res = await open(kc, "GET", path, { ...options, signal: controller.signal });
      if ((res.statusCode ?? 0) >= 300) throw failure(res, await readAll(res), "GET", path);
      res.setEncoding("utf8");
      const done = new Promise<void>((resolve, reject) => {
        res.on("data", (text: string) => onChunk(text));
        res.on("end", resolve);
        res.on("error", (e) => (controller.signal.aborted ? resolve() : reject(e)));
        res.on("close", resolve);
      });
      return { done, abort: () => controller.abort() };
    },
  };
}
