"use client";

import { SECRET_MASK } from "@/lib/resources/view";
import type { FieldChange } from "@/lib/sync/types";
import { Badge } from "../ui/badge";
import { cn } from "../ui/cn";

/** How a planned value reads: unset, the secret mask as it is, text as written, anything else as JSON. */
function Value({ value, tone }: { value: unknown; tone: "from" | "to" }) {
  if (value === undefined || value === null) return <span className="text-zinc-400 italic">unset</span>;
  if (value === SECRET_MASK)
    return (
      <span className="inline-flex items-center gap-1 font-mono" title="A secret: its value is never shown">
        {SECRET_MASK} <Badge tone="violet">secret</Badge>
      </span>
    );
  const text = typeof value === "string" ? value : JSON.stringify(value, null, value && typeof value === "object" && JSON.stringify(value).length > 60 ? 2 : 0);
  return (
    <pre
      className={cn(
        "max-h-40 overflow-auto rounded px-1.5 py-0.5 font-mono text-xs break-all whitespace-pre-wrap",
        tone === "from"
          ? "bg-red-50 text-red-800 dark:bg-red-950/40 dark:text-red-300"
          : "bg-emerald-50 text-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-300",
      )}
    >
      {text === "" ? '""' : text}
    </pre>
  );
}

/** One plan item's field-level diff: each path, what it is now and what it becomes. */
export function FieldDiff({ changes, testId }: { changes: FieldChange[]; testId?: string }) {
  if (!changes.length) return <p className="text-sm text-zinc-500">No field changes.</p>;
  return (
    <table className="w-full table-fixed text-left text-sm" data-testid={testId}>
      <thead className="text-xs text-zinc-500">
        <tr>
          <th className="w-1/4 py-1 pr-3 font-medium">Field</th>
          <th className="py-1 pr-3 font-medium">Now</th>
          <th className="py-1 font-medium">After</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100 align-top dark:divide-zinc-800">
        {changes.map((c) => (
          <tr key={c.path} data-testid="field-change">
            <td className="py-1.5 pr-3">
              <code className="font-mono text-xs break-all">{c.path}</code>
              {c.reset ? (
                <div className="mt-1">
                  <Badge tone="amber" className="whitespace-nowrap">
                    reset to default
                  </Badge>
                </div>
              ) : null}
            </td>
            <td className="py-1.5 pr-3">
              <Value value={c.from} tone="from" />
            </td>
            <td className="py-1.5">
              <Value value={c.to} tone="to" />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
