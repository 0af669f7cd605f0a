"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { api, errorMessage } from "@/lib/client/api";
import { urls } from "@/lib/client/urls";
import { useUpdateStream } from "../live/use-update-stream";
import { UpdateStatusBadge } from "../updates/status-badge";
import { cn } from "../ui/cn";

/** Executions the agent can stop midway (the others are short, or must not stop half done). */
const CANCELLABLE = new Set(["RunBuild", "CloneRepo", "PullRepo", "RunProcedure"]);

/** Asks for an Update to be cancelled; `busy` stays set once asked, `error` says why it was refused. */
export function useCancel(updateId: string) {
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });
  const cancel = () => {
    setState({ busy: true });
    api(urls.updates.cancel(updateId), { method: "POST" }).then(
      () => setState({ busy: true }),
      (e) => setState({ busy: false, error: errorMessage(e) }),
    );
  };
  return { ...state, cancel };
}

/** Cancel, while a cancellable execution runs; refusals (no Execute, already ended) are shown beside it. */
function CancelButton({ updateId }: { updateId: string }) {
  const { cancel, ...state } = useCancel(updateId);
  return (
    <>
      {state.error ? <span className="text-red-400">{state.error}</span> : null}
      <button
        type="button"
        onClick={cancel}
        disabled={state.busy}
        className="rounded border border-zinc-700 px-2 py-0.5 text-zinc-200 hover:bg-zinc-800 disabled:opacity-50"
      >
        {state.busy ? "Cancelling…" : "Cancel"}
      </button>
    </>
  );
}

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
        <span className="ml-auto flex items-center gap-2">
          {update && !finished && CANCELLABLE.has(update.operation) ? <CancelButton updateId={updateId} /> : null}
        </span>
        <Link href={`/updates/${updateId}`} className="hover:text-zinc-200 hover:underline">
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
