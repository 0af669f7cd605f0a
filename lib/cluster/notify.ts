// Messages between core processes over PostgreSQL LISTEN/NOTIFY: the only shared engine, so
// running N cores needs nothing the two-command setup doesn't already have.
//
// - One dedicated connection per process both listens and sends, so what one core sends
//   arrives at the others in the order it was sent (a pool would interleave connections).
// - Messages queued in the same tick go out as one statement, packed into envelopes under
//   NOTIFY's 8,000-byte payload limit; a message too big for any envelope goes by id: its body
//   waits in NotifySpill (encrypted, since agent commands carry secrets) and is read by id.
// - NOTIFY is fire-and-forget: a core that is disconnected misses what was sent meanwhile. So it
//   only ever wakes a core up or carries what is also in a table (command rows, Update logs);
//   the periodic sweeps read the tables and catch up whatever a lost notification carried.
import { Client } from "pg";
import { db } from "../db";
import { env } from "../env";
import { logger } from "../logger";
import { Backoff } from "../protocol/reconnect";
import { decryptSecret, encryptSecret } from "../secrets/crypto";
import { CORE_ID } from "./nodes";

const BROADCAST = "wh_cluster";
const directChannel = (coreId: string) => `wh_core_${coreId.replaceAll("-", "")}`;
/** Postgres refuses payloads of 8,000 bytes or more; what is left covers the envelope's own keys. */
const MAX_ENVELOPE_BYTES = 7_800;
/** What waits while the connection is down; past this the oldest go (they would be stale anyway). */
const MAX_QUEUED = 20_000;
const SPILL_TTL_MS = 60_000;

type Handler = (body: unknown, fromCore: string) => void | Promise<void>;
interface Outgoing {
  channel: string;
  text: string;
}
interface Envelope {
  /** Sender's core id: a core ignores its own broadcasts. */
  f: string;
  /** A per-sender counter, which also keeps two identical envelopes in one transaction distinct (Postgres folds duplicates). */
  n: number;
  /** Messages, each `[topic, body]`. */
  m?: [string, unknown][];
  /** A spilled message's id in NotifySpill. */
  s?: string;
}

interface State {
  client: Client | null;
  queue: Outgoing[];
  flushing: boolean;
  /** topic → (subscriber name → handler). */
  handlers: Map<string, Map<string, Handler>>;
  inbound: Promise<void>;
  counter: number;
  started: boolean;
}
const globalNotify = globalThis as unknown as { wheelhouseNotify?: State };
const state: State = (globalNotify.wheelhouseNotify ??= {
  client: null,
  queue: [],
  flushing: false,
  handlers: new Map(),
  inbound: Promise.resolve(),
  counter: 0,
  started: false,
});

/**
 * Registers what `subscriber` does with messages of `topic` from other cores. Keyed by name: a
 * module evaluated twice (server.ts and Next's route bundles each load lib/) registers once.
 */
export function onClusterMessage(topic: string, subscriber: string, handler: Handler): void {
  let forTopic = state.handlers.get(topic);
  if (!forTopic) state.handlers.set(topic, (forTopic = new Map()));
  forTopic.set(subscriber, handler);
}

/** Whether this process talks to other cores (server.ts starts it; in-process test cores don't). */
export function clusterStarted(): boolean {
  return state.started;
}

/** To every other core. */
export function broadcast(topic: string, body: unknown): void {
  enqueue(BROADCAST, topic, body);
}

/** To one core; to this one it is handled at once, in order, without a round trip. */
export function sendToCore(coreId: string, topic: string, body: unknown): void {
  if (coreId === CORE_ID) return void (state.inbound = state.inbound.then(() => dispatch(topic, body, CORE_ID)));
  enqueue(directChannel(coreId), topic, body);
}

function enqueue(channel: string, topic: string, body: unknown) {
  if (!state.started) return;
  state.queue.push({ channel, text: JSON.stringify([topic, body]) });
  if (state.queue.length > MAX_QUEUED) {
    state.queue.splice(0, state.queue.length - MAX_QUEUED);
    logger.warn("cross-core messages are queueing faster than they can be sent; the oldest were dropped");
  }
  if (!state.flushing) setImmediate(() => void flush());
}

const bytes = (s: string) => Buffer.byteLength(s);

/** Packs consecutive messages for one channel into envelopes under the payload limit. */
async function pack(batch: Outgoing[]): Promise<Outgoing[]> {
  const out: Outgoing[] = [];
  let current: { channel: string; parts: string[]; size: number } | null = null;
  const close = () => {
    if (current) out.push({ channel: current.channel, text: `{"f":"${CORE_ID}","n":${++state.counter},"m":[${current.parts.join(",")}]}` });
    current = null;
  };
  for (const item of batch) {
    if (bytes(item.text) > MAX_ENVELOPE_BYTES - 100) {
      close();
      const spill = await db.notifySpill.create({ data: { body: encryptSecret(item.text) }, select: { id: true } });
      out.push({ channel: item.channel, text: JSON.stringify({ f: CORE_ID, n: ++state.counter, s: spill.id } satisfies Envelope) });
      continue;
    }
    if (current && (current.channel !== item.channel || current.size + bytes(item.text) + 1 > MAX_ENVELOPE_BYTES - 100)) close();
    current ??= { channel: item.channel, parts: [], size: 0 };
    current.parts.push(item.text);
    current.size += bytes(item.text) + 1;
  }
  close();
  return out;
}

async function flush() {
  if (state.flushing) return;
  state.flushing = true;
  try {
    while (state.client && state.queue.length) {
      const batch = state.queue.splice(0, 500);
      try {
        const envelopes = await pack(batch);
        await state.client.query("SELECT pg_notify(c, p) FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(c, p, i) ORDER BY i", [
          envelopes.map((e) => e.channel),
          envelopes.map((e) => e.text),
        ]);
      } catch (e) {
        // The connection is going; put the batch back for after the reconnect.
        state.queue.unshift(...batch);
        logger.warn("could not send cross-core messages; they wait for the database connection", e);
        break;
      }
    }
  } finally {
    state.flushing = false;
  }
}

async function dispatch(topic: string, body: unknown, from: string) {
  for (const [subscriber, handler] of state.handlers.get(topic) ?? []) {
    try {
      await handler(body, from);
    } catch (e) {
      logger.error(`${subscriber}: handling the cross-core message ${topic} failed`, e);
    }
  }
}

async function receive(payload: string) {
  let envelope: Envelope;
  try {
    envelope = JSON.parse(payload) as Envelope;
  } catch {
    return logger.warn("ignored a cross-core notification that is not JSON");
  }
  if (envelope.f === CORE_ID) return;
  let messages = envelope.m ?? [];
  if (envelope.s) {
    const row = await db.notifySpill.findUnique({ where: { id: envelope.s } });
    if (!row) return logger.warn(`a cross-core message (${envelope.s}) expired before it was read`);
    messages = [JSON.parse(decryptSecret(row.body)) as [string, unknown]];
  }
  for (const [topic, body] of messages) await dispatch(topic, body, envelope.f);
}

/** Drops spilled messages older than their minute (a background job, lib/jobs.ts). */
export async function pruneSpills(now = new Date()): Promise<number> {
  const { count } = await db.notifySpill.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - SPILL_TTL_MS) } } });
  return count;
}

/** Connects, listens on the broadcast channel and this core's own, and reconnects for good. */
export function startClusterBus(): () => Promise<void> {
  state.started = true;
  const backoff = new Backoff({ initialMs: 500, maxMs: 10_000, jitter: 0.25 });
  let stopped = false;
  const connect = async () => {
    const client = new Client({ connectionString: env.DATABASE_URL });
    let retried = false;
    const retry = (e?: unknown) => {
      if (retried) return; // "error" and "end" both come for one failure
      retried = true;
      if (state.client === client) state.client = null;
      client.removeAllListeners();
      client.on("error", () => {});
      void client.end().catch(() => {});
      if (stopped) return;
      const delay = backoff.next();
      logger.warn(`the cross-core connection to PostgreSQL dropped; reconnecting in ${(delay / 1000).toFixed(1)} s`, e);
      setTimeout(() => void connect(), delay);
    };
    client.on("error", retry);
    client.on("end", () => retry());
    client.on("notification", (msg) => {
      if (msg.payload) state.inbound = state.inbound.then(() => receive(msg.payload!)).catch((e) => logger.error("reading a cross-core message failed", e));
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${BROADCAST}; LISTEN ${directChannel(CORE_ID)}`);
    } catch (e) {
      return retry(e);
    }
    state.client = client;
    backoff.reset();
    void flush();
  };
  void connect();
  return async () => {
    stopped = true;
    await flush();
    const client = state.client;
    state.client = null;
    state.started = false;
    await client?.end().catch(() => {});
  };
}
