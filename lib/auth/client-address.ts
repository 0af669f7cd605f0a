// The address a request comes from, for login throttling. X-Forwarded-For is written by
// whoever sent the request, so it is believed only when the connection comes from a proxy
// the operator listed in WHEELHOUSE_TRUSTED_PROXIES; otherwise anyone could pick a fresh
// address per guess. server.ts stamps the connection's own address in PEER_HEADER,
// overwriting whatever the client sent under that name.
import { type BlockList, isIP } from "node:net";
import { env } from "../env";
import { parseTrustedProxies } from "./trusted-proxies";

export const PEER_HEADER = "x-wheelhouse-peer";

/** A fetch Headers (route handlers) or Node's header object (next-auth's authorize). */
type HeaderBag = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderBag | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const value = headers instanceof Headers ? headers.get(name) : headers[name];
  return (Array.isArray(value) ? value.join(",") : value) ?? undefined;
}

/** "::ffff:10.0.0.1" (an IPv4 client on a dual-stack socket) is 10.0.0.1. */
function normalize(address: string): string {
  const trimmed = address.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(trimmed) ? trimmed.slice(7) : trimmed;
}

let cache: { list: string; blocks: BlockList } | undefined;
function trusted(address: string): boolean {
  if (cache?.list !== env.WHEELHOUSE_TRUSTED_PROXIES)
    cache = { list: env.WHEELHOUSE_TRUSTED_PROXIES, blocks: parseTrustedProxies(env.WHEELHOUSE_TRUSTED_PROXIES) };
  const family = isIP(address);
  return family !== 0 && cache.blocks.check(address, family === 6 ? "ipv6" : "ipv4");
}

/**
 * The connection's address, or — when that is a trusted proxy — the nearest address in
 * X-Forwarded-For that isn't one (read right to left: each proxy appends who it heard from).
 * "local" when the request didn't come through server.ts (in-process calls).
 */
export function clientAddress(headers: HeaderBag | undefined): string {
  const peer = normalize(header(headers, PEER_HEADER) ?? "");
  if (!peer) return "local";
  if (!trusted(peer)) return peer;
  const hops = (header(headers, "x-forwarded-for") ?? "").split(",").map(normalize).filter(Boolean);
  for (const hop of [...hops].reverse()) {
    if (!isIP(hop)) return peer; // a garbled chain is the proxy's fault; don't trust any of it
    if (!trusted(hop)) return hop;
  }
  return hops[0] ?? peer;
}
