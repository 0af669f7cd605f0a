"use client";

// The CodeMirror 6 view behind <CodeEditor> (code-editor.tsx loads this file lazily). The editor
// is created once; value, language, read-only, theme and errors are pushed into it as they
// change, so typing never re-creates it or loses the cursor.
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { json } from "@codemirror/lang-json";
import { yaml } from "@codemirror/lang-yaml";
import { bracketMatching, defaultHighlightStyle, HighlightStyle, indentOnInput, indentUnit, StreamLanguage, syntaxHighlighting } from "@codemirror/language";
import { shell } from "@codemirror/legacy-modes/mode/shell";
import { toml } from "@codemirror/legacy-modes/mode/toml";
import { type Diagnostic, lintGutter, setDiagnostics } from "@codemirror/lint";
import { Compartment, EditorState, type Extension } from "@codemirror/state";
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars, keymap, lineNumbers } from "@codemirror/view";
import { tags } from "@lezer/highlight";
import { useEffect, useRef } from "react";
import type { CodeEditorProps, CodeLanguage } from "./code-editor";
import { cn } from "./cn";
import { useDark } from "./use-dark";

const LANGUAGES: Record<CodeLanguage, () => Extension> = {
  yaml: () => yaml(),
  json: () => json(),
  toml: () => StreamLanguage.define(toml),
  shell: () => StreamLanguage.define(shell),
};

// Colours from the app's Tailwind palette (zinc surfaces, indigo accents), so the editor looks
// like the inputs around it in both themes.
const base = EditorView.theme({
  "&": { fontSize: "12px" },
  // The frame (and its focus and error rings) is the wrapper's: the sticky gutter would cover an outline drawn here.
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": { fontFamily: "var(--font-mono)", lineHeight: "1.25rem" },
  ".cm-gutters": { borderRight: "none" },
  ".cm-lint-marker": { width: "0.8em", height: "0.8em" },
});

const light = EditorView.theme({
  "&": { backgroundColor: "#ffffff", color: "#18181b" },
  ".cm-gutters": { backgroundColor: "#fafafa", color: "#a1a1aa" },
  ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "#f4f4f5" },
});

const dark = EditorView.theme(
  {
    "&": { backgroundColor: "#18181b", color: "#e4e4e7" },
    ".cm-gutters": { backgroundColor: "#18181b", color: "#71717a" },
    ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "#27272a" },
    ".cm-cursor": { borderLeftColor: "#e4e4e7" },
    "&.cm-focused .cm-selectionBackground, .cm-selectionBackground": { backgroundColor: "#3730a3 !important" },
    ".cm-tooltip": { backgroundColor: "#27272a", color: "#e4e4e7", border: "1px solid #3f3f46" },
  },
  { dark: true },
);

const darkHighlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.definitionKeyword, tags.operatorKeyword], color: "#c4b5fd" },
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: "#7dd3fc" },
  { tag: [tags.string, tags.special(tags.string)], color: "#86efac" },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: "#fdba74" },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: "#71717a", fontStyle: "italic" },
  { tag: [tags.meta, tags.labelName, tags.typeName], color: "#f9a8d4" },
  { tag: [tags.punctuation, tags.separator, tags.bracket], color: "#a1a1aa" },
  { tag: tags.invalid, color: "#fca5a5" },
]);

const themeFor = (isDark: boolean): Extension => (isDark ? [dark, syntaxHighlighting(darkHighlight)] : [light, syntaxHighlighting(defaultHighlightStyle)]);

function diagnostics(state: EditorState, errors: CodeEditorProps["errors"] = []): Diagnostic[] {
  return errors.map((e) => {
    const line = state.doc.line(Math.min(Math.max(1, Math.trunc(e.line)), state.doc.lines));
    return { from: line.from, to: line.to, severity: "error", message: e.message };
  });
}

export function CodeEditorView({ value, onChange, language, readOnly = false, errors, label, height = "28rem", focus }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  const compartments = useRef({ language: new Compartment(), readOnly: new Compartment(), theme: new Compartment(), label: new Compartment() });
  const isDark = useDark();
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  // Created once; the effects below reconfigure it. The first values come from the first render.
  useEffect(() => {
    const c = compartments.current;
    const created = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightSpecialChars(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          highlightActiveLine(),
          lintGutter(),
          indentUnit.of("  "),
          EditorState.tabSize.of(2),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          base,
          EditorView.theme({ "&": { height }, ".cm-scroller": { overflow: "auto" } }),
          c.theme.of(themeFor(isDark)),
          c.language.of(LANGUAGES[language]()),
          c.readOnly.of([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
          c.label.of(EditorView.contentAttributes.of({ "aria-label": label, spellcheck: "false" })),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChangeRef.current?.(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = created;
    return () => {
      created.destroy();
      view.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- created once; later changes go through the effects below
  }, []);

  // A value set from outside (a reload, a reset) replaces the text; the editor's own edits already match.
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: compartments.current.language.reconfigure(LANGUAGES[language]()) });
  }, [language]);

  useEffect(() => {
    view.current?.dispatch({ effects: compartments.current.readOnly.reconfigure([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]) });
  }, [readOnly]);

  useEffect(() => {
    view.current?.dispatch({ effects: compartments.current.theme.reconfigure(themeFor(isDark)) });
  }, [isDark]);

  useEffect(() => {
    view.current?.dispatch({ effects: compartments.current.label.reconfigure(EditorView.contentAttributes.of({ "aria-label": label, spellcheck: "false" })) });
  }, [label]);

  // After `value`'s effect, so the lines exist; the text changes with each keystroke, so the
  // diagnostics are recomputed whenever either does.
  useEffect(() => {
    const v = view.current;
    if (v) v.dispatch(setDiagnostics(v.state, diagnostics(v.state, errors)));
  }, [errors, value]);

  // A problem listed elsewhere on the page was clicked: show its line with the cursor on it.
  useEffect(() => {
    const v = view.current;
    if (!v || !focus) return;
    const line = v.state.doc.line(Math.min(Math.max(1, Math.trunc(focus.line)), v.state.doc.lines));
    v.dispatch({ selection: { anchor: line.from }, effects: EditorView.scrollIntoView(line.from, { y: "center" }) });
    v.focus();
  }, [focus]);

  const invalid = Boolean(errors && errors.length > 0);
  return (
    <div
      ref={host}
      data-testid="code-editor"
      data-invalid={invalid || undefined}
      className={cn(
        "overflow-hidden rounded-md ring-1 focus-within:ring-2 focus-within:ring-indigo-500",
        invalid ? "ring-red-500 dark:ring-red-500" : "ring-zinc-300 dark:ring-zinc-700",
      )}
    />
  );
}
