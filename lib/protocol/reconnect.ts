// How a WebSocket client waits before redialling: the terminal dock, the live feed and the
// agent each reconnect, and each used to carry its own copy of this arithmetic. Pure — no DOM,
// no node imports — so the browser bundle and the agent (run with tsx) both import it.

export interface BackoffOptions {
  /** The delay before the first retry. */
  initialMs: number;
  /** No delay grows past this (before jitter). */
  maxMs: number;
  /** Each retry waits this many times longer than the one before; 2 unless told. */
  factor?: number;
  /**
   * Spread each delay evenly over ±this fraction (0.25: 75%–125%) so a fleet of clients
   * dropped together doesn't redial in lockstep. 0 (none) unless told.
   */
  jitter?: number;
  /** A number in [0, 1); Math.random unless told (tests pass their own). */
  random?: () => number;
}

/**
 * Capped exponential backoff. `next()` hands out the delay for the coming attempt and counts it;
 * `reset()` starts over. Call `reset()` only once the peer proved the connection works (its
 * first frame, say): a socket that opens and is then refused must keep backing off, or a client
 * the server will never accept redials at the shortest delay forever.
 */
export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly random: () => number;
  private count = 0;

  constructor(options: BackoffOptions) {
    const { initialMs, maxMs, factor = 2, jitter = 0, random = Math.random } = options;
    if (!(initialMs > 0) || !Number.isFinite(initialMs)) throw new RangeError(`Backoff initialMs must be a positive number of milliseconds, got ${initialMs}`);
    if (!(maxMs >= initialMs) || !Number.isFinite(maxMs)) throw new RangeError(`Backoff maxMs must be at least initialMs (${initialMs}), got ${maxMs}`);
    if (!(factor >= 1) || !Number.isFinite(factor)) throw new RangeError(`Backoff factor must be 1 or more, got ${factor}`);
    if (!(jitter >= 0 && jitter < 1)) throw new RangeError(`Backoff jitter must be a fraction in [0, 1), got ${jitter}`);
    this.initialMs = initialMs;
    this.maxMs = maxMs;
    this.factor = factor;
    this.jitter = jitter;
    this.random = random;
  }

  /** How many delays were handed out since the last reset (0: nothing has failed since). */
  get attempts(): number {
    return this.count;
  }

  /** The delay before the next attempt, in milliseconds; each call counts as one more failure. */
  next(): number {
    // factor ** count overflows to Infinity after ~1000 failures; Math.min still yields maxMs.
    const base = Math.min(this.maxMs, this.initialMs * this.factor ** this.count++);
    if (this.jitter === 0) return base;
    return base * (1 - this.jitter + 2 * this.jitter * this.random());
  }

  /** The connection proved it works: the next failure waits the initial delay again. */
  reset(): void {
    this.count = 0;
  }
}

/** Whether a close code means "don't come back" (signed out, not allowed, gone): retrying can't fix it. */
export function isFinalClose(code: number, finalCodes: ReadonlySet<number>): boolean {
  return finalCodes.has(code);
}
