"use client";

import { Moon, Sun } from "lucide-react";

/** Flips the `dark` class and remembers the choice (read back by the script in app/layout.tsx). */
export function ThemeToggle() {
  const toggle = () => {
    const dark = document.documentElement.classList.toggle("dark");
    localStorage.setItem("wh-theme", dark ? "dark" : "light");
  };
  return (
    <button
      type="button"
      onClick={toggle}
      className="rounded-md p-2 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
      aria-label="Toggle dark mode"
    >
      <Moon className="size-4 dark:hidden" />
      <Sun className="hidden size-4 dark:block" />
    </button>
  );
}
