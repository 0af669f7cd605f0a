// The dock's state as a tiny external store, read with useSyncExternalStore: the server
// renders an empty dock, and the browser's first render after hydration picks up the tabs
// saved in sessionStorage, so a full reload re-attaches to the same sessions.
import type { TerminalStatus } from "./terminal-socket";

export interface DockSession {
  id: string;
  title: string;
  status: TerminalStatus;
  /** Why the session ended, when it has. */
  reason?: string;
  /** Loaded from sessionStorage after a reload (not opened in this page), so it doesn't grab focus. */
  restored?: boolean;
}

export interface DockState {
  sessions: DockSession[];
  activeId: string | null;
  /** The panel is open; false means minimized to the tab strip. */
  expanded: boolean;
}

/** Only the tab identity survives a reload: status comes back from the server on attach. */
interface SavedDock {
  sessions: { id: string; title: string }[];
  activeId: string | null;
  expanded: boolean;
}

const STORAGE_KEY = "wheelhouse.terminal-dock";

/** Forgets the saved tabs (on sign-out: they belong to the user who opened them). */
export const forgetSavedDock = () => sessionStorage.removeItem(STORAGE_KEY);
const EMPTY: DockState = { sessions: [], activeId: null, expanded: false };

function load(): DockState {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null") as Partial<SavedDock> | null;
    const sessions = (Array.isArray(saved?.sessions) ? saved.sessions : [])
      .filter((s) => typeof s?.id === "string" && typeof s?.title === "string")
      .map((s): DockSession => ({ id: s.id, title: s.title, status: "connecting", restored: true }));
    const [first] = sessions;
    if (!first) return EMPTY;
    const activeId = sessions.some((s) => s.id === saved?.activeId) ? (saved!.activeId as string) : first.id;
    return { sessions, activeId, expanded: saved?.expanded === true };
  } catch {
    // Storage blocked or garbled: start with no tabs rather than break the page.
    return EMPTY;
  }
}

function save(state: DockState) {
  const saved: SavedDock = { sessions: state.sessions.map(({ id, title }) => ({ id, title })), activeId: state.activeId, expanded: state.expanded };
  try {
    if (saved.sessions.length === 0) sessionStorage.removeItem(STORAGE_KEY);
    else sessionStorage.setItem(STORAGE_KEY, JSON.stringify(saved));
  } catch {
    // Quota or privacy mode: the dock still works for this page, it just won't survive a reload.
  }
}

export type DockStore = ReturnType<typeof createDockStore>;

export function createDockStore() {
  let state: DockState | null = null;
  const listeners = new Set<() => void>();
  // Read lazily: sessionStorage exists only in the browser, and only after hydration.
  const getSnapshot = () => (state ??= load());
  return {
    getSnapshot,
    getServerSnapshot: () => EMPTY,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    update(change: (current: DockState) => DockState) {
      const current = getSnapshot();
      const next = change(current);
      if (next === current) return;
      state = next;
      save(next);
      for (const listener of listeners) listener();
    },
  };
}
