// Small statistics helpers for the benchmarks, free of the database so any benchmark can use them.

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export const ms = (n: number) => `${n.toFixed(1)} ms`;
