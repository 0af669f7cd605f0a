"use client";

// Owns the terminal sessions of this browser tab. It sits in the dashboard shell, which
// survives client-side navigation, so every session's xterm and socket stay alive while the
// user moves between pages; sessionStorage carries the tabs across a full reload.
import { createContext, useContext, useMemo, useState, useSyncExternalStore, type ReactNode } from "react";
import { toast } from "sonner";
import { api, errorMessage } from "@/lib/client/api";
import type { OpenedTerminal } from "@/lib/terminal/types";
import { urls } from "@/lib/client/urls";
import { createDockStore, type DockSession, type DockState } from "./dock-store";
import type { TerminalStatus } from "./terminal-socket";

export type { DockSession } from "./dock-store";
export type { TerminalStatus } from "./terminal-socket";

/** What to open a shell in: the body of POST urls.terminals.create(), or of urls.kube.shells() for pods. */
export type TerminalTarget =
  | {
      targetType: "server" | "deployment" | "stack";
      targetId: string;
      /** For stacks: the compose service. */
      service?: string;
    }
  | { targetType: "pod"; clusterId: string; namespace: string; pod: string; container?: string };

/** What a mounted terminal view lets the dock do to its session. */
export interface TerminalHandle {
  /** Sends `close` so the shell ends for good (closing the socket alone would keep it running). */
  end: () => void;
  focus: () => void;
}

export interface TerminalDockValue extends DockState {
  /** Opens a new shell and shows it; errors are toasted. Resolves to the session id, or null on failure. */
  openTerminal: (target: TerminalTarget) => Promise<string | null>;
  /** Shows a session in the panel (opening the panel if it was minimized). */
  activate: (id: string) => void;
  /** Collapses the panel to its tab strip; every session keeps running. */
  minimize: () => void;
  /** Ends a session for good and removes its tab. */
  close: (id: string) => void;
  /** For the dock's views: report a session's connection status. */
  setStatus: (id: string, status: TerminalStatus, reason?: string) => void;
  /** For the dock's views: register (or, with null, unregister) a session's handle. */
  registerHandle: (id: string, handle: TerminalHandle | null) => void;
}

const TerminalDockContext = createContext<TerminalDockValue | null>(null);

export function useTerminalDock(): TerminalDockValue {
  const value = useContext(TerminalDockContext);
  if (!value) throw new Error("useTerminalDock() needs a <TerminalDockProvider> above it");
  return value;
}

function withoutSession(state: DockState, id: string): DockState {
  const sessions = state.sessions.filter((s) => s.id !== id);
  if (sessions.length === state.sessions.length) return state;
  const index = state.sessions.findIndex((s) => s.id === id);
  // Closing the shown tab shows its neighbour, as editors do.
  const activeId = state.activeId !== id ? state.activeId : (sessions[Math.min(index, sessions.length - 1)]?.id ?? null);
  return { sessions, activeId, expanded: sessions.length > 0 && state.expanded };
}

export function TerminalDockProvider({ children }: { children: ReactNode }) {
  const [store] = useState(createDockStore);
  const [handles] = useState(() => new Map<string, TerminalHandle>());
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getServerSnapshot);

  const actions = useMemo(
    () => ({
      async openTerminal(target: TerminalTarget) {
        try {
          const opened = await api<OpenedTerminal>(target.targetType === "pod" ? urls.kube.shells() : urls.terminals.create(), {
            method: "POST",
            body: target,
          });
          const session: DockSession = { id: opened.id, title: opened.title, status: "connecting" };
          store.update((s) => ({ sessions: [...s.sessions, session], activeId: session.id, expanded: true }));
          return session.id;
        } catch (e) {
          toast.error(errorMessage(e));
          return null;
        }
      },
      activate(id: string) {
        store.update((s) => (s.sessions.some((x) => x.id === id) ? { ...s, activeId: id, expanded: true } : s));
        handles.get(id)?.focus();
      },
      minimize() {
        store.update((s) => (s.expanded ? { ...s, expanded: false } : s));
      },
      close(id: string) {
        handles.get(id)?.end();
        store.update((s) => withoutSession(s, id));
      },
      setStatus(id: string, status: TerminalStatus, reason?: string) {
        store.update((s) => {
          const current = s.sessions.find((x) => x.id === id);
          if (!current || (current.status === status && current.reason === reason)) return s;
          return { ...s, sessions: s.sessions.map((x) => (x.id === id ? { ...x, status, reason } : x)) };
        });
      },
      registerHandle(id: string, handle: TerminalHandle | null) {
        if (handle) handles.set(id, handle);
        else handles.delete(id);
      },
    }),
    [store, handles],
  );

  const value = useMemo(() => ({ ...state, ...actions }), [state, actions]);
  return <TerminalDockContext.Provider value={value}>{children}</TerminalDockContext.Provider>;
}
