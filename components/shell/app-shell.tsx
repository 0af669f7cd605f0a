"use client";

import { LogOut, Menu, X } from "lucide-react";
import { signOut } from "@/lib/client/sign-out";
import { forgetSavedDock } from "../terminal/dock-store";
import { useState, type ReactNode } from "react";
import { AlertCountBell } from "../alerts/alert-count";
import { TerminalDock } from "../terminal/terminal-dock";
import { TerminalDockProvider } from "../terminal/terminal-dock-provider";
import { SearchBox } from "./search-box";
import { Sidebar } from "./sidebar";
import { ThemeToggle } from "./theme-toggle";

type ShellProps = { user: { username: string; admin: boolean }; children: ReactNode };

// The terminal dock's provider sits here because this shell survives client-side navigation,
// and with it every open terminal session.
export function AppShell(props: ShellProps) {
  return (
    <TerminalDockProvider>
      <Shell {...props} />
    </TerminalDockProvider>
  );
}

function Shell({ user, children }: ShellProps) {
  const [drawer, setDrawer] = useState(false);
  return (
    <div className="flex min-h-screen">
      <aside className="sticky top-0 hidden h-screen w-60 shrink-0 lg:block">
        <Sidebar admin={user.admin} />
      </aside>
      {drawer ? (
        <div className="fixed inset-0 z-40 flex lg:hidden">
          <div className="w-64">
            <Sidebar admin={user.admin} onNavigate={() => setDrawer(false)} />
          </div>
          <button type="button" aria-label="Close menu" className="flex-1 bg-black/40" onClick={() => setDrawer(false)}>
            <X className="ml-2 mt-2 size-5 text-white" />
          </button>
        </div>
      ) : null}
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-20 flex h-14 items-center gap-3 border-b border-zinc-200 bg-white/90 px-4 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
          <button type="button" className="rounded-md p-2 text-zinc-500 lg:hidden" aria-label="Open menu" onClick={() => setDrawer(true)}>
            <Menu className="size-5" />
          </button>
          <SearchBox />
          <div className="ml-auto flex items-center gap-1">
            <AlertCountBell />
            <ThemeToggle />
            <span className="hidden px-2 text-sm text-zinc-600 sm:inline dark:text-zinc-400" data-testid="current-user">
              {user.username}
              {user.admin ? (
                <span className="ml-1.5 rounded bg-indigo-100 px-1.5 py-0.5 text-[10px] font-semibold uppercase text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300">
                  admin
                </span>
              ) : null}
            </span>
            <button
              type="button"
              onClick={() => (forgetSavedDock(), void signOut("/login"))}
              className="rounded-md p-2 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
              aria-label="Sign out"
              title="Sign out"
            >
              <LogOut className="size-4" />
            </button>
          </div>
        </header>
        <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 sm:px-6 lg:px-8">{children}</main>
        <TerminalDock />
      </div>
    </div>
  );
}
