// Outbound requests an Alerter makes, guarded against SSRF: an Alerter's URL is typed by anyone
// who may edit one, and without this guard it would let them make core POST to its own loopback
// services, the cloud metadata address or the private network. Only http(s); the host is
// resolved and every address must be public; the connection is pinned to the address that was
// checked (a custom `lookup`), so a DNS answer that changes between check and connect (rebinding)
// can't slip through; redirects are refused, never followed. The operator may allow private
// targets (WHEELHOUSE_ALERTER_ALLOW_PRIVATE, e.g. a LAN ntfy or SMTP relay).
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import "../server-only";
import { env } from "../env";

export class OutboundError extends Error {}

let allowPrivateOverride: boolean | undefined;

/** Tests point Alerters at loopback receivers; undefined goes back to the environment's setting. */
export function setAllowPrivateTargets(allow: boolean | undefined): void {
  allowPrivateOverride = allow;
}

export function allowPrivateTargets(): boolean {
  return allowPrivateOverride ?? ["1", "true"].includes(env.WHEELHOUSE_ALERTER_ALLOW_PRIVATE);
}

const BLOCKED = new net.BlockList();
for (const [net4, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const)
  BLOCKED.addSubnet(net4, prefix, "ipv4");
for (const [net6, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7], // unique-local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
] as const)
  BLOCKED.addSubnet(net6, prefix, "ipv6");

/** An IPv6 address that carries an IPv4 one (mapped ::ffff:a.b.c.d or NAT64 64:ff9b::/96), as IPv4. */
function embeddedIpv4(address: string): string | null {
  const m = /^(?:::ffff:|64:ff9b::)(.+)$/i.exec(address);
  if (!m?.[1]) return null;
  if (net.isIPv4(m[1])) return m[1];
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(m[1]);
  if (!hex?.[1] || !hex[2]) return null;
  const [hi, lo] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
}

/** Whether an address is private, loopback, link-local, unique-local or otherwise not the public internet. */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return BLOCKED.check(address, "ipv4");
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    return v4 ? BLOCKED.check(v4, "ipv4") : BLOCKED.check(address, "ipv6");
  }
  return true; // not an address at all: refuse rather than guess
}

/** Resolves a host and returns the address to connect to, refusing private ones unless allowed. */
export async function resolvePublic(host: string, what: string): Promise<{ address: string; family: number }> {
  const bare = host.replace(/^\[(.*)\]$/, "$1");
  let addresses: dns.LookupAddress[];
  if (net.isIP(bare)) addresses = [{ address: bare, family: net.isIP(bare) }];
  else {
    try {
      addresses = await dns.promises.lookup(bare, { all: true });
    } catch (e) {
      throw new OutboundError(`${what}: can't resolve ${bare} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  if (!allowPrivateTargets()) {
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused)
      throw new OutboundError(
        `${what}: ${bare} is a private, loopback or link-local address (${refused.address}); refused unless the operator sets WHEELHOUSE_ALERTER_ALLOW_PRIVATE=1`,
      );
  }
  const first = addresses[0];
  if (!first) throw new OutboundError(`${what}: ${bare} has no address`);
  return first;
}

/** Parses and checks an Alerter URL: http or https only. */
export function parseOutboundUrl(raw: string, what = "URL"): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundError(`${what} is not a valid URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new OutboundError(`${what} must be http or https, not ${url.protocol.replace(":", "")}`);
  return url;
}

export interface OutboundResponse {
  status: number;
  body: string;
}

const MAX_RESPONSE = 64 * 1024;
export const OUTBOUND_TIMEOUT_MS = 10_000;

/** POSTs to a checked URL; resolves on a 2xx answer, throws OutboundError otherwise (non-2xx, redirect, network). */
export async function postOutbound(rawUrl: string, headers: Record<string, string>, body: string | Buffer, what = "Endpoint"): Promise<OutboundResponse> {
  const url = parseOutboundUrl(rawUrl, what);
  const pinned = await resolvePublic(url.hostname, what);
  const lib = url.protocol === "https:" ? https : http;
  const payload = typeof body === "string" ? Buffer.from(body) : body;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      url,
      {
        method: "POST",
        headers: { "user-agent": "Wheelhouse-Alerter", ...headers, "content-length": String(payload.length) },
        timeout: OUTBOUND_TIMEOUT_MS,
        // Connect to the address checked above, whatever DNS says now.
        lookup: (_host, options, cb) => {
          if ((options as dns.LookupOptions).all) (cb as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, [pinned]);
          else cb(null, pinned.address, pinned.family);
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          if (size < MAX_RESPONSE) chunks.push(c);
          size += c.length;
        });
        res.on("error", (e) => reject(new OutboundError(`${what}: ${e.message}`)));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8").slice(0, MAX_RESPONSE);
          const status = res.statusCode ?? 0;
          if (status >= 300 && status < 400)
            reject(
              new OutboundError(
                `${what} answered a redirect (${status}${res.headers.location ? ` to ${res.headers.location}` : ""}); redirects are not followed`,
              ),
            );
          else if (status < 200 || status >= 300) reject(new OutboundError(`${what} answered ${status}${text ? `: ${text.slice(0, 200)}` : ""}`));
          else resolve({ status, body: text });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${OUTBOUND_TIMEOUT_MS / 1000} s`)));
    req.on("error", (e: NodeJS.ErrnoException) => reject(new OutboundError(`${what} unreachable (${url.host}): ${e.code ?? e.message}`)));
    req.end(payload);
  });
}
