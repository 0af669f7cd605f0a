// The browser⇄core terminal protocol, shared by components/terminal and lib/terminal.
// Binary frames carry bytes (keystrokes up, output down); text frames carry JSON control
// messages, validated here.
import { z } from "zod";

export const TERMINAL_LIMITS = { minCols: 10, maxCols: 500, minRows: 5, maxRows: 200 } as const;

export const ZTerminalClientMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("resize"), cols: z.number().int(), rows: z.number().int() }),
  /** Ends the session for good (closing the socket alone keeps it running for resume). */
  z.object({ type: z.literal("close") }),
]);
export type TerminalClientMessage = z.infer<typeof ZTerminalClientMessage>;

export type TerminalServerMessage =
  /** Clear the screen: the session's scrollback follows. */
  { type: "reset" } | { type: "exit"; code: number | null; reason: string };

export function clampSize(cols: number, rows: number) {
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(v) || lo));
  return { cols: clamp(cols, TERMINAL_LIMITS.minCols, TERMINAL_LIMITS.maxCols), rows: clamp(rows, TERMINAL_LIMITS.minRows, TERMINAL_LIMITS.maxRows) };
}
