import "@/tests/helpers/unit-env";
import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

/** clientAddress with WHEELHOUSE_TRUSTED_PROXIES set as given (env is read once per module load). */
async function withProxies(list: string) {
  vi.stubEnv("WHEELHOUSE_TRUSTED_PROXIES", list);
  return (await import("./client-address")).clientAddress;
}

describe("the client address used for login throttling", () => {
  it("ignores X-Forwarded-For when no proxy is trusted (the default)", async () => {
    const clientAddress = await withProxies("");
    expect(clientAddress({ "x-wheelhouse-peer": "203.0.113.5", "x-forwarded-for": "198.51.100.1" })).toBe("203.0.113.5");
    expect(clientAddress(new Headers({ "x-wheelhouse-peer": "::ffff:203.0.113.5", "x-forwarded-for": "198.51.100.1" }))).toBe("203.0.113.5");
  });

  it("ignores X-Forwarded-For from a peer that isn't a listed proxy", async () => {
    const clientAddress = await withProxies("10.0.0.0/8");
    expect(clientAddress({ "x-wheelhouse-peer": "203.0.113.5", "x-forwarded-for": "198.51.100.1" })).toBe("203.0.113.5");
  });

  it("takes the nearest untrusted hop, right to left, when the peer is a trusted proxy", async () => {
    const clientAddress = await withProxies("10.0.0.0/8, 192.0.2.7");
    // The client prepended a made-up address; the proxies appended what they really saw.
    expect(clientAddress({ "x-wheelhouse-peer": "10.1.2.3", "x-forwarded-for": "1.1.1.1, 198.51.100.1, 192.0.2.7" })).toBe("198.51.100.1");
    expect(clientAddress({ "x-wheelhouse-peer": "10.1.2.3", "x-forwarded-for": "198.51.100.1" })).toBe("198.51.100.1");
    // Only proxies all the way: the leftmost is the best there is.
    expect(clientAddress({ "x-wheelhouse-peer": "10.1.2.3", "x-forwarded-for": "10.9.9.9" })).toBe("10.9.9.9");
    // A proxy that didn't say: the proxy itself.
    expect(clientAddress({ "x-wheelhouse-peer": "10.1.2.3" })).toBe("10.1.2.3");
    expect(clientAddress({ "x-wheelhouse-peer": "10.1.2.3", "x-forwarded-for": "not-an-ip" })).toBe("10.1.2.3");
  });

  it("is 'local' for in-process calls that no socket carried", async () => {
    const clientAddress = await withProxies("");
    expect(clientAddress({ "x-forwarded-for": "198.51.100.1" })).toBe("local");
  });

  it("refuses a malformed WHEELHOUSE_TRUSTED_PROXIES at start-up with the variable's name", async () => {
    vi.stubEnv("WHEELHOUSE_TRUSTED_PROXIES", "10.0.0.0/8, proxy.internal");
    const { env } = await import("../env");
    expect(() => env.WHEELHOUSE_TRUSTED_PROXIES).toThrow(/WHEELHOUSE_TRUSTED_PROXIES must be comma-separated IP addresses or CIDR ranges/);
  });

  it("refuses a prefix longer than the address at start-up, not on the first sign-in", async () => {
    vi.stubEnv("WHEELHOUSE_TRUSTED_PROXIES", "10.0.0.0/99");
    const { env } = await import("../env");
    expect(() => env.WHEELHOUSE_TRUSTED_PROXIES).toThrow(/WHEELHOUSE_TRUSTED_PROXIES must be comma-separated IP addresses or CIDR ranges.*10\.0\.0\.0\/99/);
  });
});
