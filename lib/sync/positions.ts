// Where things are in a TOML file. smol-toml gives a syntax error's line and column but not
// where each value sits, so entries and keys are found by reading the lines: the nth
// `[[deployment]]` header is the nth deployment, and a key is the first line in its entry's
// block that assigns it (`image = …`, `config.image = …`, or under `[deployment.config]`).
import type { SourcePosition } from "./types";

export interface Block {
  start: number; // 0-based line index of the header
  end: number; // exclusive
}

export class FilePositions {
  private readonly lines: string[];
  private readonly headers = new Map<string, Block[]>();

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.lines = text.split(/\r?\n/);
    const starts: { table: string; line: number }[] = [];
    this.lines.forEach((l, i) => {
      const m = /^\s*\[\[\s*([A-Za-z0-9_]+)\s*\]\]/.exec(l);
      if (m) starts.push({ table: m[1]!, line: i });
    });
    starts.forEach((s, k) => {
      const block = { start: s.line, end: starts[k + 1]?.line ?? this.lines.length };
      const list = this.headers.get(s.table) ?? [];
      list.push(block);
      this.headers.set(s.table, list);
    });
  }

  at(line: number, column = 1): SourcePosition {
    return { file: this.file, line, column };
  }

  /** The nth `[[table]]` entry's block, if it was written as a header. */
  block(table: string, n: number): Block | undefined {
    return this.headers.get(table)?.[n];
  }

  /** The line of the top-level `table = …` / `[table…]` (1-based), or 1. */
  topLevel(table: string): SourcePosition {
    const re = new RegExp(`^\\s*(\\[\\[?\\s*${table}\\b|${table}\\s*=)`);
    const i = this.lines.findIndex((l) => re.test(l));
    return this.at(i < 0 ? 1 : i + 1);
  }

  /** Where a key of an entry is set: the line assigning its last segment within the block, else the entry's header. */
  key(block: Block | undefined, path: string[]): SourcePosition {
    if (!block) return this.at(1);
    const last = path.at(-1);
    if (last !== undefined && !/^\d+$/.test(last)) {
      const re = new RegExp(`^\\s*(?:[A-Za-z0-9_"]+\\.)*"?${last}"?\\s*=`);
      for (let i = block.start; i < block.end; i++) {
        const line = this.lines[i]!;
        if (re.test(line)) return this.at(i + 1, line.search(/\S/) + 1);
      }
      // Inline tables and arrays of tables: `{ …, key = … }`.
      const inline = new RegExp(`[{,]\\s*(?:[A-Za-z0-9_]+\\.)*${last}\\s*=`);
      for (let i = block.start; i < block.end; i++) {
        const col = this.lines[i]!.search(inline);
        if (col >= 0) return this.at(i + 1, col + 2);
      }
    }
    // A list item or nested path: the parent key's line is the nearest we know.
    if (path.length > 1) return this.key(block, path.slice(0, -1));
    return this.at(block.start + 1);
  }
}
