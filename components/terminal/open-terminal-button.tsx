"use client";

import { Loader2, SquareTerminal } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useTerminalDock, type TerminalTarget } from "./terminal-dock-provider";

export type OpenTerminalButtonProps = TerminalTarget & {
  /** Button text; "Open shell" unless told. */
  label?: string;
  variant?: "primary" | "secondary" | "ghost";
  className?: string;
};

/** Opens a shell on a server, deployment, stack service or pod in the terminal dock. */
export function OpenTerminalButton({ label = "Open shell", variant = "secondary", className, ...target }: OpenTerminalButtonProps) {
  const { openTerminal } = useTerminalDock();
  // Each click opens a new session on the agent, so a double click must not open two.
  const [opening, setOpening] = useState(false);
  const open = async () => {
    setOpening(true);
    try {
      await openTerminal(target);
    } finally {
      setOpening(false);
    }
  };
  return (
    <Button variant={variant} className={className} disabled={opening} onClick={open}>
      {opening ? <Loader2 className="size-4 animate-spin" /> : <SquareTerminal className="size-4" />}
      {label}
    </Button>
  );
}
