"use client";

// The code editor every text format uses (Kubernetes YAML today, ResourceSync TOML next):
// CodeMirror 6, bundled with the app (no CDN). It is loaded on first use, so pages without an
// editor don't carry its ~125 KB (gzipped); the placeholder keeps the layout while it loads.
import dynamic from "next/dynamic";

export type CodeLanguage = "yaml" | "toml" | "json" | "shell";

export interface CodeEditorProps {
  value: string;
  onChange?: (value: string) => void;
  language: CodeLanguage;
  readOnly?: boolean;
  /** Problems shown at their line (1-based) in the gutter and underlined; a line past the end goes on the last. */
  errors?: { line: number; message: string }[];
  /** The accessible name of the text area, e.g. "Manifest (YAML)". */
  label: string;
  /** CSS height of the editor; it scrolls inside. */
  height?: string;
  /** Moves the cursor to this line (1-based), scrolls it into view and focuses the editor; a new object each time asks again. */
  focus?: { line: number };
}

export const CodeEditor = dynamic<CodeEditorProps>(() => import("./code-editor-view").then((m) => m.CodeEditorView), {
  ssr: false,
  loading: () => (
    <div
      className="h-64 animate-pulse rounded-md bg-zinc-100 ring-1 ring-inset ring-zinc-300 dark:bg-zinc-900 dark:ring-zinc-700"
      aria-label="Loading the editor"
    />
  ),
});
