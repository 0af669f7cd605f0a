"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { useUpdateStream } from "../live/use-update-stream";
import { UpdateStatusBadge } from "../updates/status-badge";
import { cn } from "../ui/cn";

/** An execution's output as it streams in, ending with its result. */
export function UpdateConsole({ updateId }: { updateId: string }) {
  const { update, lines, finished } = useUpdateStream(updateId);
  const bottom = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Braces matter: scrollIntoView returns a promise in newer browsers, and an effect may only return a cleanup function.
    bottom.current?.scrollIntoView({ block: "nearest" });
  }, [lines.length]);
  return (
    <div className="overflow-hidden rounded-lg border border-zinc-800 bg-zinc-950" data-testid="update-console" data-finished={finished || undefined}>
      <div className="flex items-center gap-2 border-b border-zinc-800 px-3 py-2 text-xs text-zinc-400">
        <span className="font-medium text-zinc-200">{update?.operation ?? "Starting…"}</span>
        {update ? <UpdateStatusBadge status={update.status} success={update.success} /> : null}
        <Link href={`/updates/${updateId}`} className="ml-auto hover:text-zinc-200 hover:underline">
          Details
        </Link>
      </div>
      <pre className="max-h-80 overflow-auto p-3 font-mono text-xs leading-5 text-zinc-300" data-testid="update-output">
        {lines.map((l, i) => (
          <div key={i} className={cn(l.stream === "stderr" && "text-amber-300", l.line.startsWith("── ") && "mt-1 text-indigo-300")}>
            {l.line}
          </div>
        ))}
        {update?.error ? <div className="mt-1 text-red-400">✖ {update.error}</div> : null}
        {finished && update?.success ? <div className="mt-1 text-emerald-400">✔ Done</div> : null}
        <div ref={bottom} />
      </pre>
    </div>
  );
}
