"use client";

import { useSyncExternalStore } from "react";

// The theme is the `dark` class on <html> (set before paint by app/layout.tsx, flipped by the
// theme toggle); canvas and editor themes can't follow a CSS variant, so they watch the class.
function subscribe(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  return () => observer.disconnect();
}

/** Whether the dark theme is on, updated when the user toggles it. */
export function useDark(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => document.documentElement.classList.contains("dark"),
    () => false,
  );
}
