"use client";

// One WebSocket per tab to /api/ws/events (messages: lib/protocol/live.ts). Resource changes
// invalidate the matching TanStack queries (Headlamp's pattern: events patch the cache, pages
// don't poll), a cluster's kube.changed only its Kubernetes views; Update progress is
// delivered to whoever subscribed to that Update.
import { useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useMemo, useRef, type ReactNode } from "react";
import { alertKeys, isLiveKubeViewOf, resourceKeys, updateKeys } from "@/lib/client/keys";
import type { LiveClientMessage, UpdateEvent } from "@/lib/protocol/live";
import { liveServerMessage } from "@/lib/protocol/live-guard";
import { Backoff, isFinalClose } from "@/lib/protocol/reconnect";
import { isResourceTypeKey, TYPE_NAMES } from "@/lib/resources/names";

const message = (m: LiveClientMessage) => JSON.stringify(m);

/** Signed out or refused: retrying can't help, and a signed-out tab must not redial forever. */
const FINAL_CLOSE_CODES = new Set([4401, 4403]);

type Listener = (event: UpdateEvent) => void;

interface LiveEvents {
  subscribeUpdate: (updateId: string, listener: Listener) => () => void;
}

const Context = createContext<LiveEvents | null>(null);

export function LiveEventsProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const listeners = useRef(new Map<string, Set<Listener>>());
  const socketRef = useRef<WebSocket | null>(null);

  useEffect(() => {
    let stopped = false;
    const backoff = new Backoff({ initialMs: 500, maxMs: 15_000 });
    let retry: ReturnType<typeof setTimeout>;
    const connect = () => {
      const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/ws/events`);
      socketRef.current = socket;
      socket.onopen = () => {
        for (const updateId of listeners.current.keys()) socket.send(message({ type: "subscribe", updateId }));
      };
      socket.onmessage = (frame) => {
        const event = liveServerMessage(String(frame.data));
        if (!event) return console.warn("live feed: ignored a message that is not in the protocol");
        if (event.type === "ready") {
          // Only the server's ready proves the feed works (a refused socket opens, then closes).
          // Whatever changed while it was down was never announced: refetch what is shown.
          if (backoff.attempts > 0) void queryClient.invalidateQueries();
          return backoff.reset();
        }
        if (event.type === "error") return console.warn(`live feed: ${event.message}`);
        if (event.type === "kube.changed") {
          // What the cluster's agent watched changed: only Kubernetes views of that cluster (or across clusters) may show it.
          void queryClient.invalidateQueries({ predicate: ({ queryKey }) => isLiveKubeViewOf(queryKey, event.clusterId) });
          return;
        }
        if (event.type === "alerts.changed") {
          void queryClient.invalidateQueries({ queryKey: alertKeys.all });
          return;
        }
        if (event.type === "resource.changed") {
          if (!isResourceTypeKey(event.resourceType)) return;
          const plural = TYPE_NAMES[event.resourceType].plural;
          void queryClient.invalidateQueries({ queryKey: resourceKeys.detail(plural, event.resourceId) });
          void queryClient.invalidateQueries({ queryKey: resourceKeys.lists(plural) });
          void queryClient.invalidateQueries({ queryKey: updateKeys.all });
          return;
        }
        for (const listener of listeners.current.get(event.updateId) ?? []) listener(event);
      };
      socket.onclose = (event) => {
        if (stopped || isFinalClose(event.code, FINAL_CLOSE_CODES)) return;
        retry = setTimeout(connect, backoff.next());
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      socketRef.current?.close();
    };
  }, [queryClient]);

  // One object for the provider's life (it reads only refs): a new one each render would make every
  // subscriber's effect unsubscribe and subscribe again, and an Update's end published in that
  // window would never reach it.
  const value = useMemo<LiveEvents>(
    () => ({
      subscribeUpdate: (updateId, listener) => {
        let set = listeners.current.get(updateId);
        if (!set) {
          set = new Set();
          listeners.current.set(updateId, set);
          if (socketRef.current?.readyState === WebSocket.OPEN) socketRef.current.send(message({ type: "subscribe", updateId }));
        }
        set.add(listener);
        return () => {
          set!.delete(listener);
          if (set!.size === 0) {
            listeners.current.delete(updateId);
            if (socketRef.current?.readyState === WebSocket.OPEN) socketRef.current.send(message({ type: "unsubscribe", updateId }));
          }
        };
      },
    }),
    [],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useLiveEvents(): LiveEvents {
  const value = useContext(Context);
  if (!value) throw new Error("useLiveEvents needs LiveEventsProvider (mounted by the dashboard shell)");
  return value;
}
