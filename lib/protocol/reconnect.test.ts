import { describe, expect, it } from "vitest";
import { Backoff, isFinalClose } from "./reconnect";

const delays = (backoff: Backoff, n: number) => Array.from({ length: n }, () => backoff.next());

describe("Backoff", () => {
  it("doubles from the initial delay up to the cap, then stays at the cap", () => {
    // The terminal dock's and the live feed's schedule.
    expect(delays(new Backoff({ initialMs: 500, maxMs: 15_000 }), 8)).toEqual([500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000]);
  });

  it("grows by the given factor", () => {
    expect(delays(new Backoff({ initialMs: 100, maxMs: 10_000, factor: 3 }), 4)).toEqual([100, 300, 900, 2_700]);
  });

  it("stays at the cap however many attempts fail (no overflow to Infinity or NaN)", () => {
    const backoff = new Backoff({ initialMs: 1_000, maxMs: 30_000 });
    delays(backoff, 2_000);
    expect(backoff.next()).toBe(30_000);
  });

  it("counts attempts and starts over after reset", () => {
    const backoff = new Backoff({ initialMs: 500, maxMs: 15_000 });
    expect(backoff.attempts).toBe(0);
    delays(backoff, 3);
    expect(backoff.attempts).toBe(3);
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(delays(backoff, 2)).toEqual([500, 1_000]);
  });

  it("spreads each delay over ±jitter with the injected random, after capping", () => {
    let r = 0;
    const backoff = new Backoff({ initialMs: 1_000, maxMs: 30_000, jitter: 0.25, random: () => r });
    r = 0;
    expect(backoff.next()).toBe(750);
    r = 0.5;
    expect(backoff.next()).toBe(2_000);
    r = 0.999;
    expect(backoff.next()).toBeCloseTo(4_000 * 1.2495);
    delays(backoff, 10);
    r = 0;
    // The cap applies before the spread, as the agent's backoff always did: 30 s × 0.75.
    expect(backoff.next()).toBe(22_500);
  });

  it("uses Math.random when no random is given, staying within the spread", () => {
    const backoff = new Backoff({ initialMs: 1_000, maxMs: 1_000, jitter: 0.5 });
    for (const delay of delays(backoff, 50)) {
      expect(delay).toBeGreaterThanOrEqual(500);
      expect(delay).toBeLessThan(1_500);
    }
  });

  it.each([
    [{ initialMs: 0, maxMs: 1_000 }, /initialMs must be a positive number/],
    [{ initialMs: Number.NaN, maxMs: 1_000 }, /initialMs must be a positive number/],
    [{ initialMs: 1_000, maxMs: 500 }, /maxMs must be at least initialMs \(1000\), got 500/],
    [{ initialMs: 1_000, maxMs: Number.POSITIVE_INFINITY }, /maxMs must be at least initialMs/],
    [{ initialMs: 1_000, maxMs: 2_000, factor: 0.5 }, /factor must be 1 or more, got 0.5/],
    [{ initialMs: 1_000, maxMs: 2_000, jitter: 1 }, /jitter must be a fraction in \[0, 1\), got 1/],
    [{ initialMs: 1_000, maxMs: 2_000, jitter: -0.1 }, /jitter must be a fraction/],
  ])("refuses bad options %o with a clear error", (options, message) => {
    expect(() => new Backoff(options)).toThrow(message);
  });
});

describe("isFinalClose", () => {
  const final = new Set([4401, 4403, 4404]);

  it("is true only for the codes in the set", () => {
    expect([4401, 4403, 4404].map((code) => isFinalClose(code, final))).toEqual([true, true, true]);
    expect([1000, 1001, 1006, 1011, 4409, 4426].map((code) => isFinalClose(code, final))).toEqual([false, false, false, false, false, false]);
  });

  it("treats nothing as final given an empty set", () => {
    expect(isFinalClose(4401, new Set())).toBe(false);
  });
});
