/** A small line chart (0–100 %) of a series, drawn as SVG: no chart library needed for this. */
export function Sparkline({ values, label, color = "#6366f1" }: { values: number[]; label: string; color?: string }) {
  const w = 300;
  const h = 64;
  const points = values.map((v, i) => `${values.length === 1 ? w : (i / (values.length - 1)) * w},${h - (Math.max(0, Math.min(100, v)) / 100) * h}`).join(" ");
  const last = values[values.length - 1];
  return (
    <figure className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
      <figcaption className="mb-1 flex justify-between text-xs font-medium uppercase tracking-wide text-zinc-500">
        <span>{label}</span>
        <span className="tabular-nums text-zinc-700 dark:text-zinc-300">{last === undefined ? "—" : `${last.toFixed(0)}%`}</span>
      </figcaption>
      <svg viewBox={`0 0 ${w} ${h}`} className="h-16 w-full" preserveAspectRatio="none" role="img" aria-label={`${label} over time`}>
        <line x1="0" x2={w} y1={h / 2} y2={h / 2} stroke="currentColor" className="text-zinc-200 dark:text-zinc-800" strokeDasharray="4 4" />
        {values.length > 0 ? <polyline points={points} fill="none" stroke={color} strokeWidth="2" vectorEffect="non-scaling-stroke" /> : null}
      </svg>
    </figure>
  );
}
