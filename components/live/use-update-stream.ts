"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api } from "@/lib/client/api";
import { updateKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import type { UpdateDetail } from "@/lib/updates/types";
import { useLiveEvents } from "./live-events";

/** How often a running Update's stored state is read while the feed streams it. */
const RUNNING_FALLBACK_POLL_MS = 5_000;

export interface StreamLine {
  stage: string;
  stream: "stdout" | "stderr";
  line: string;
}

/**
 * An Update as it happens: the stored log (for whatever ran before we looked) followed by
 * lines as they stream in; when it ends, the stored version is fetched again and wins.
 */
export function useUpdateStream(updateId: string | null) {
  const live = useLiveEvents();
  const queryClient = useQueryClient();
  // Lines are kept per update id, so switching to another Update starts empty without a reset effect.
  const [streamed, setStreamed] = useState<{ updateId: string | null; lines: StreamLine[] }>({ updateId, lines: [] });
  const lines = streamed.updateId === updateId ? streamed.lines : [];
  const setLines = (fn: (prev: StreamLine[]) => StreamLine[]) => setStreamed((s) => ({ updateId, lines: fn(s.updateId === updateId ? s.lines : []) }));
  const detail = useQuery({
    queryKey: updateKeys.detail(updateId ?? "none"),
    queryFn: () => api<UpdateDetail>(urls.updates.detail(updateId ?? "")),
    enabled: Boolean(updateId),
    // The feed's update.done is what ends it here; while it runs the stored Update is also read
    // now and then, as a slow fallback, so an end the feed lost (a socket reset in between, an
    // event published while the subscription was being set up) still shows within seconds.
    refetchInterval: (query) => (query.state.data && query.state.data.status !== "Complete" ? RUNNING_FALLBACK_POLL_MS : false),
  });

  useEffect(() => {
    if (!updateId) return;
    return live.subscribeUpdate(updateId, (event) => {
      if (event.type === "update.snapshot") {
        setLines(() => event.lines ?? []);
        // null: it had already ended when we subscribed, so no update.done will come. What was
        // fetched at mount may predate its end: read the stored Update again.
        if (event.lines === null) void queryClient.invalidateQueries({ queryKey: updateKeys.detail(updateId) });
      }
      if (event.type === "update.log") setLines((prev) => [...prev, { stage: event.stage, stream: event.stream, line: event.line }]);
      if (event.type === "update.stage" && event.status === "start")
        setLines((prev) => [...prev, { stage: event.stage, stream: "stdout", line: `── ${event.stage}${event.command ? `: ${event.command}` : ""}` }]);
      if (event.type === "update.done") {
        void queryClient.invalidateQueries({ queryKey: updateKeys.detail(updateId) });
        void queryClient.invalidateQueries({ queryKey: updateKeys.all });
      }
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- setLines is derived from updateId
  }, [updateId, live, queryClient]);

  const update = detail.data;
  const finished = update?.status === "Complete";
  const stored: StreamLine[] =
    update?.logs.flatMap((log) => [
      { stage: log.stage, stream: "stdout" as const, line: `── ${log.stage}${log.command ? `: ${log.command}` : ""}` },
      ...log.stdout
        .split("\n")
        .filter(Boolean)
        .map((line) => ({ stage: log.stage, stream: "stdout" as const, line })),
      ...log.stderr
        .split("\n")
        .filter(Boolean)
        .map((line) => ({ stage: log.stage, stream: "stderr" as const, line })),
    ]) ?? [];
  return { update, lines: finished || lines.length === 0 ? stored : lines, finished };
}
