"use client";

// One xterm bound to one terminal session. It is mounted once per session by the dock and
// only hidden with CSS, so navigating around the dashboard keeps the shell and its scrollback.
import "@xterm/xterm/css/xterm.css";
import type { ITheme } from "@xterm/xterm";
import { useEffect, useEffectEvent, useRef } from "react";
import { cn } from "@/components/ui/cn";
import type { TerminalHandle } from "./terminal-dock-provider";
import { TerminalSocket, type TerminalStatus } from "./terminal-socket";

const THEME: ITheme = {
  background: "#09090b",
  foreground: "#e4e4e7",
  cursor: "#a5b4fc",
  cursorAccent: "#09090b",
  selectionBackground: "#3f3f46",
};
const FONT_FAMILY = 'ui-monospace, SFMono-Regular, Menlo, Monaco, Consolas, "Liberation Mono", monospace';
/** Dragging the panel edge fires many size changes; the shell only needs the last one. */
const FIT_DEBOUNCE_MS = 80;

export interface TerminalViewProps {
  sessionId: string;
  /** Shown in the open panel: fit to it and take the keyboard. */
  active: boolean;
  /** Take the keyboard when first shown (a session opened now, not one restored after a reload). */
  autoFocus?: boolean;
  onStatus: (status: TerminalStatus, reason?: string) => void;
  onHandle: (handle: TerminalHandle | null) => void;
  className?: string;
}

export function TerminalView({ sessionId, active, autoFocus = false, onStatus, onHandle, className }: TerminalViewProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const handleRef = useRef<TerminalHandle | null>(null);
  /** A focus asked for before xterm finished loading. */
  const focusPending = useRef(false);
  const firstRun = useRef(true);
  const reportStatus = useEffectEvent(onStatus);
  const reportHandle = useEffectEvent(onHandle);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let disposed = false;
    let teardown = () => {};

    void (async () => {
      // Loaded here, not at module level: xterm touches the DOM and this module is also
      // evaluated during server rendering.
      const [{ Terminal }, { FitAddon }] = await Promise.all([import("@xterm/xterm"), import("@xterm/addon-fit")]);
      if (disposed) return;
      const term = new Terminal({ fontFamily: FONT_FAMILY, fontSize: 13, theme: THEME, cursorBlink: true, scrollback: 5000 });
      const fit = new FitAddon();
      term.loadAddon(fit);

      let opened = false;
      // xterm measures its font when opened, so open only into a visible, sized container;
      // a hidden tab (or minimized panel) opens the first time it is shown.
      const fitNow = () => {
        if (container.clientWidth === 0 || container.clientHeight === 0) return;
        if (!opened) {
          term.open(container);
          opened = true;
        }
        fit.fit();
      };
      fitNow();

      const socket = new TerminalSocket({
        sessionId,
        size: () => ({ cols: term.cols, rows: term.rows }),
        onBytes: (bytes) => term.write(bytes),
        onReset: () => term.reset(),
        onStatus: (status, reason) => {
          if (status === "ended") {
            term.write(`\r\n\x1b[2m[session ended: ${reason ?? "closed"}]\x1b[0m\r\n`);
            term.options.disableStdin = true;
            term.options.cursorBlink = false;
          }
          reportStatus(status, reason);
        },
      });

      const encoder = new TextEncoder();
      const subscriptions = [
        term.onData((data) => socket.send(encoder.encode(data))),
        // Some mouse reports are raw bytes, not UTF-8 text.
        term.onBinary((data) => socket.send(Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff))),
        term.onResize(({ cols, rows }) => socket.resize(cols, rows)),
      ];

      let fitTimer: ReturnType<typeof setTimeout> | undefined;
      const observer = new ResizeObserver(() => {
        clearTimeout(fitTimer);
        fitTimer = setTimeout(fitNow, FIT_DEBOUNCE_MS);
      });
      observer.observe(container);

      const handle: TerminalHandle = {
        end: () => socket.end(),
        // After a frame, so a panel that is being shown by the same click has its size.
        focus: () =>
          requestAnimationFrame(() => {
            fitNow();
            if (opened) term.focus();
          }),
      };
      handleRef.current = handle;
      reportHandle(handle);
      if (focusPending.current) {
        focusPending.current = false;
        handle.focus();
      }

      teardown = () => {
        observer.disconnect();
        clearTimeout(fitTimer);
        for (const subscription of subscriptions) subscription.dispose();
        socket.dispose();
        term.dispose();
        handleRef.current = null;
        reportHandle(null);
      };
    })();

    return () => {
      disposed = true;
      teardown();
    };
  }, [sessionId]);

  // Showing a tab again focuses it; on mount only a freshly opened session does.
  useEffect(() => {
    const mounting = firstRun.current;
    firstRun.current = false;
    if (!active || (mounting && !autoFocus)) return;
    if (handleRef.current) handleRef.current.focus();
    else focusPending.current = true;
  }, [active, autoFocus]);

  return (
    <div className={cn("bg-[#09090b] p-2", className)}>
      <div ref={containerRef} className="h-full w-full" data-testid={`terminal-${sessionId}`} data-session-id={sessionId} />
    </div>
  );
}
