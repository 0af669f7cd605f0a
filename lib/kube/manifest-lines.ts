// Where in a YAML manifest each problem is, so the editor can underline the line instead of
// listing field paths under it. Pure (the `yaml` package only): runs in the browser as the
// user types, since the apply route reports its errors through the Update, not per line.
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { FieldErrors } from "../errors";

export interface LineError {
  /** 1-based. */
  line: number;
  message: string;
}

export interface ManifestCheck {
  /** The parsed manifest, when the text is valid YAML. */
  value?: unknown;
  /** Syntax errors, or else the validator's field errors, each at the line it is about. */
  errors: (LineError & { field?: string })[];
}

/**
 * Field paths from `validateEdit`/`validateCreate` name containers relative to the pod spec
 * (`containers.0.image`), wherever that spec sits in the object; these are the places it can be.
 */
const POD_SPEC_ROOTS: string[][] = [[], ["spec", "template", "spec"], ["spec", "jobTemplate", "spec", "template", "spec"], ["spec"]];

/** The offset of the deepest node on `path` that exists, and how deep that is (0: none, the top). */
function offsetOf(root: unknown, path: string[]): { offset: number; depth: number } {
  let node = root;
  let offset = 0;
  let depth = 0;
  for (const segment of path) {
    if (isMap(node)) {
      // A map entry is placed at its key: the line a reader looks for.
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && /^\d+$/.test(segment)) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
    depth++;
  }
  return { offset, depth };
}

function lineIn(doc: Document, counter: LineCounter, field: string): number {
  if (field === "_" || field === "") return 1;
  const path = field.split(".");
  let best = { offset: 0, depth: 0 };
  for (const root of path[0] === "containers" ? POD_SPEC_ROOTS : [[]]) {
    const found = offsetOf(doc.contents, [...root, ...path]);
    // A root counts only if it holds at least the field's first segment.
    const depth = found.depth - root.length;
    if (depth > best.depth) best = { offset: found.offset, depth };
  }
  return counter.linePos(best.offset).line;
}

/** The line a field path (`metadata.name`, `containers.0.image`, `_` for the whole) points at: its own, or its nearest existing parent's. */
export function lineOfField(text: string, field: string): number {
  const counter = new LineCounter();
  return lineIn(parseDocument(text, { lineCounter: counter, prettyErrors: false }), counter, field);
}

/** Parses `text` and places each problem at its line: syntax errors first, else the validator's. */
export function checkManifest(text: string, validate: (value: unknown) => FieldErrors): ManifestCheck {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return { errors: doc.errors.map((e) => ({ line: counter.linePos(e.pos[0]).line, message: e.message })) };
  }
  const value: unknown = doc.toJS();
  const fields = validate(value);
  const errors = Object.entries(fields).flatMap(([field, messages]) => messages.map((message) => ({ field, line: lineIn(doc, counter, field), message })));
  return { value, errors: errors.sort((a, b) => a.line - b.line) };
}
