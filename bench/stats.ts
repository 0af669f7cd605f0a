// Small statistics helpers for the benchmarks, free of the database so any benchmark can use them.

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  // An empty list has no median: NaN, as before.
  const upper = s[mid] ?? NaN;
  return s.length % 2 ? upper : ((s[mid - 1] ?? NaN) + upper) / 2;
}

export const ms = (n: number) => `${n.toFixed(1)} ms`;

/** The p-th percentile (0–100) by nearest rank: p99 of 100 samples is the 99th smallest. */
export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}
