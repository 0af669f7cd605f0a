// A thin JSON client for the Kubernetes REST API, on the credentials of a KubeConfig
// (kubeconfig file or in-cluster service account). Objects travel as the API's own JSON: the
// typed client would turn timestamps into Dates and drop fields its models don't know, and
// the agent forwards objects to core and PUTs edited manifests, which must stay byte-faithful.
import { createHash } from "node:crypto";
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

/**
 * The connection pool of one client. The kubeconfig library builds a new Agent on every call,
 * so each request would open its own TCP and TLS connection (a handshake with a client
 * certificate costs more than the request it carries). Requests go through one keep-alive Agent
 * instead, built from the same TLS material; credentials that change (a rotated client
 * certificate) get a new Agent, and the old one's idle connections close on their own.
 * Per-request credentials (tokens, impersonation headers) are still applied to every request.
 * A proxied cluster keeps the library's proxy Agent.
 */
class Pool {
  private current: { key: string; agent: http.Agent } | undefined;

  agentFor(kc: KubeConfig, target: URL, opts: https.RequestOptions): http.Agent | undefined {
    if (kc.getCurrentCluster()?.proxyUrl) return undefined;
    const tls = TLS_OPTIONS.map((k) => (opts as Record<string, unknown>)[k]);
    const key = `${target.protocol}${fingerprint(tls)}`;
    if (this.current?.key !== key) {
      const options: https.AgentOptions = {
        ...Object.fromEntries(TLS_OPTIONS.map((k, i) => [k, tls[i]]).filter(([, v]) => v !== undefined)),
        keepAlive: true,
        // Idle connections close well before the API server's own idle timeout (90 s), so a
        // request is rarely handed one the server is closing.
        timeout: IDLE_SOCKET_MS,
      };
      this.current = { key, agent: target.protocol === "http:" ? new http.Agent(options) : new https.Agent(options) };
    }
    return this.current.agent;
  }
}

/** The TLS options the kubeconfig library derives from the kubeconfig (what its own Agent is built from). */
const TLS_OPTIONS = ["ca", "cert", "key", "pfx", "passphrase", "rejectUnauthorized", "servername", "ciphers", "crl", "secureProtocol"] as const;
const IDLE_SOCKET_MS = 30_000;

function fingerprint(values: unknown[]): string {
  const hash = createHash("sha256");
  for (const v of values) hash.update(v === undefined ? "\u0000u" : Buffer.isBuffer(v) ? v : JSON.stringify(v)).update("\u0000");
  return hash.digest("hex");
}

async function open(kc: KubeConfig, pool: Pool, method: string, path: string, options: RequestOptions): Promise<http.IncomingMessage> {
  const target = url(kc, path, options.query);
  const opts: https.RequestOptions = { method, headers: { accept: "application/json" } };
  await kc.applyToHTTPSOptions(opts);
  opts.agent = pool.agentFor(kc, target, opts) ?? opts.agent;
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  if (body !== undefined)
    Object.assign(opts.headers!, { "content-type": options.contentType ?? "application/json", "content-length": Buffer.byteLength(body) });
  const transport = target.protocol === "http:" ? http : https;
  const send = (retried: boolean): Promise<http.IncomingMessage> =>
    new Promise((resolve, reject) => {
      let answered = false;
      const req = transport.request(target, { ...opts, signal: options.signal }, (res) => {
        answered = true;
        resolve(res);
      });
      req.on("error", (e: NodeJS.ErrnoException) => {
        // A kept-alive connection the server closed (it restarted) just as it was reused fails
        // before any answer. A read is sent once more on a new connection; a write is not
        // repeated (it may have been applied), its caller sees the error as before.
        if (!answered && !retried && req.reusedSocket && method === "GET" && !options.signal?.aborted && RESET_CODES.has(e.code ?? "")) resolve(send(true));
        else reject(e);
      });
      req.end(body);
    });
  return send(false);
}

const RESET_CODES = new Set(["ECONNRESET", "EPIPE"]);

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
  const pool = new Pool();
  return {
    kc,
    async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
      const res = await open(kc, pool, method, path, options);
      const text = await readAll(res);
      if ((res.statusCode ?? 0) >= 300) throw failure(res, text, method, path);
      const type = String(res.headers["content-type"] ?? "");
      return (type.includes("json") ? JSON.parse(text) : text) as T;
    },
    async stream(path, options, onChunk) {
      const controller = new AbortController();
      if (options.signal?.aborted) controller.abort();
      options.signal?.addEventListener("abort", () => controller.abort(), { once: true });
      const res = await open(kc, pool, "GET", path, { ...options, signal: controller.signal });
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
