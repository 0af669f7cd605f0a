"use client";

// The terminal panel at the bottom of the dashboard's main column, like an IDE's: one tab per
// session, a panel that minimizes to its tab strip, and every session's view kept mounted.
// It is sticky rather than fixed, so it takes its own room at the end of the page and never
// hides the last lines of content, and it spans the main column only (never the sidebar).
import { ChevronDown, ChevronUp, X } from "lucide-react";
import { useRef, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from "react";
import { cn } from "@/components/ui/cn";
import { useTerminalDock, type DockSession } from "./terminal-dock-provider";
import { TerminalView } from "./terminal-view";

const MIN_HEIGHT = 120;
const KEYBOARD_STEP = 24;
const DOT: Record<DockSession["status"], string> = {
  live: "bg-emerald-500",
  connecting: "bg-amber-400 animate-pulse",
  reconnecting: "bg-amber-400 animate-pulse",
  ended: "bg-zinc-500",
};

function clampHeight(px: number) {
  return Math.round(Math.min(Math.max(px, MIN_HEIGHT), window.innerHeight * 0.85));
}

export function TerminalDock() {
  const dock = useTerminalDock();
  const bodyRef = useRef<HTMLDivElement>(null);
  /** A height the user dragged to; null keeps the default of 40vh. */
  const [height, setHeight] = useState<number | null>(null);

  const [first] = dock.sessions;
  if (!first) return null;
  const shownId = dock.sessions.some((s) => s.id === dock.activeId) ? dock.activeId : first.id;

  const currentHeight = () => bodyRef.current?.getBoundingClientRect().height ?? MIN_HEIGHT;

  const startResize = (event: ReactPointerEvent<HTMLDivElement>) => {
    const handle = event.currentTarget;
    const startY = event.clientY;
    const startHeight = currentHeight();
    handle.setPointerCapture(event.pointerId);
    const move = (e: PointerEvent) => setHeight(clampHeight(startHeight + startY - e.clientY));
    const stop = () => {
      handle.removeEventListener("pointermove", move);
      handle.removeEventListener("pointerup", stop);
      handle.removeEventListener("pointercancel", stop);
    };
    handle.addEventListener("pointermove", move);
    handle.addEventListener("pointerup", stop);
    handle.addEventListener("pointercancel", stop);
  };

  const resizeWithKeys = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.key === "ArrowUp" ? KEYBOARD_STEP : event.key === "ArrowDown" ? -KEYBOARD_STEP : 0;
    if (!step) return;
    event.preventDefault();
    setHeight(clampHeight(currentHeight() + step));
  };

  return (
    <section
      data-testid="terminal-dock"
      aria-label="Terminals"
      className="sticky bottom-0 z-30 flex flex-col border-t border-zinc-800 bg-zinc-950 text-zinc-300 shadow-[0_-4px_12px_rgba(0,0,0,0.15)]"
    >
      {dock.expanded ? (
        <div
          role="separator"
          aria-orientation="horizontal"
          aria-label="Resize terminal"
          aria-valuemin={MIN_HEIGHT}
          aria-valuenow={height ?? undefined}
          tabIndex={0}
          onPointerDown={startResize}
          onKeyDown={resizeWithKeys}
          className="absolute inset-x-0 -top-1 z-10 h-2 cursor-row-resize touch-none focus-visible:bg-indigo-500/60 hover:bg-indigo-500/40"
        />
      ) : null}
      <div className="flex h-9 items-stretch">
        <div className="flex min-w-0 flex-1 items-stretch overflow-x-auto">
          {dock.sessions.map((session) => (
            <DockTab
              key={session.id}
              session={session}
              shown={dock.expanded && session.id === shownId}
              expanded={dock.expanded}
              onShow={() => dock.activate(session.id)}
              onClose={() => dock.close(session.id)}
            />
          ))}
        </div>
        {dock.expanded ? (
          <button
            type="button"
            aria-label="Minimize terminal"
            title="Minimize"
            onClick={dock.minimize}
            className="px-3 text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100"
          >
            <ChevronDown className="size-4" />
          </button>
        ) : (
          <button
            type="button"
            aria-label="Restore terminal"
            title="Restore"
            onClick={() => shownId && dock.activate(shownId)}
            className="px-3 text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100"
          >
            <ChevronUp className="size-4" />
          </button>
        )}
      </div>
      {/* Minimized hides the views with CSS only: unmounting them would drop the xterm and its socket. */}
      <div
        ref={bodyRef}
        className={cn("relative border-t border-zinc-800", !dock.expanded && "hidden")}
        style={{ height: height === null ? "40vh" : `${height}px` }}
      >
        {dock.sessions.map((session) => (
          <TerminalView
            key={session.id}
            sessionId={session.id}
            active={dock.expanded && session.id === shownId}
            autoFocus={!session.restored}
            onStatus={(status, reason) => dock.setStatus(session.id, status, reason)}
            onHandle={(handle) => dock.registerHandle(session.id, handle)}
            className={cn("absolute inset-0", session.id !== shownId && "hidden")}
          />
        ))}
      </div>
    </section>
  );
}

function DockTab({
  session,
  shown,
  expanded,
  onShow,
  onClose,
}: {
  session: DockSession;
  shown: boolean;
  expanded: boolean;
  onShow: () => void;
  onClose: () => void;
}) {
  const status = session.status === "ended" ? `ended${session.reason ? `: ${session.reason}` : ""}` : session.status;
  return (
    <div
      data-status={session.status}
      className={cn("flex shrink-0 items-center border-r border-zinc-800", shown ? "bg-zinc-900 text-zinc-100" : "hover:bg-zinc-900/60")}
    >
      <button
        type="button"
        onClick={onShow}
        aria-label={`${expanded ? "Show" : "Resume"} ${session.title}`}
        aria-current={shown ? "true" : undefined}
        title={`${session.title} (${status})`}
        className="flex h-full items-center gap-2 pl-3 pr-1 text-xs"
      >
        <span aria-hidden className={cn("size-2 shrink-0 rounded-full", DOT[session.status])} />
        <span className="max-w-56 truncate">{session.title}</span>
      </button>
      <button
        type="button"
        onClick={onClose}
        aria-label={`Close ${session.title}`}
        title="Close (ends the shell)"
        className="mr-1 rounded p-1 text-zinc-500 hover:bg-zinc-700 hover:text-zinc-100"
      >
        <X className="size-3.5" />
      </button>
    </div>
  );
}
