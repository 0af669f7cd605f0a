// Parsing WHEELHOUSE_TRUSTED_PROXIES. Pure (no env import) so that lib/env.ts can validate the
// variable with these same rules at start-up, and client-address.ts can build its list from it.
import { BlockList, isIP } from "node:net";

/** Parses "10.0.0.1, 10.1.0.0/16, fd00::/8"; throws on an entry that is neither an IP nor a CIDR. */
export function parseTrustedProxies(list: string): BlockList {
  const blocks = new BlockList();
  for (const entry of list
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean)) {
    // split always yields a first element; "" (an entry like "/16") is no IP and is refused below.
    const [ip = "", bits, extra] = entry.split("/");
    const family = isIP(ip);
    const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
    if (!family || extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32)) {
      throw new Error(`WHEELHOUSE_TRUSTED_PROXIES must be comma-separated IP addresses or CIDR ranges: "${entry}" is neither`);
    }
    blocks.addSubnet(ip, prefix, family === 6 ? "ipv6" : "ipv4");
  }
  return blocks;
}
