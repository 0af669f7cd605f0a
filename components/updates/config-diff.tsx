"use client";

import { diffJson } from "diff";
import { cn } from "../ui/cn";

/** Line diff of two configs; secrets are already masked on the server. */
export function ConfigDiff({ before, after }: { before: unknown; after: unknown }) {
  const parts = diffJson((before ?? {}) as object, (after ?? {}) as object);
  const changed = parts.some((p) => p.added || p.removed);
  if (!changed) return <p className="text-sm text-zinc-500">No configuration changes.</p>;
  return (
    <pre className="overflow-x-auto rounded-md bg-zinc-950 p-3 text-xs leading-5 text-zinc-300" data-testid="config-diff">
      {parts.map((part, i) =>
        part.value
          .replace(/\n$/, "")
          .split("\n")
          .map((line, j) => (
            <div key={`${i}-${j}`} className={cn(part.added && "bg-emerald-950 text-emerald-300", part.removed && "bg-red-950 text-red-300")}>
              {part.added ? "+ " : part.removed ? "- " : "  "}
              {line}
            </div>
          )),
      )}
    </pre>
  );
}
