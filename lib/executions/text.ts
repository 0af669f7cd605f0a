// Parsing the multi-line config fields ("KEY=value" per line) into what Docker takes.

/** Non-empty, non-comment lines with their 1-based numbers. */
export function configLines(text: string): { n: number; text: string }[] {
  return text
    .split("\n")
    .map((line, i) => ({ n: i + 1, text: line.trim() }))
    .filter((l) => l.text && !l.text.startsWith("#"));
}

export function keyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { text: line } of configLines(text)) {
    const i = line.indexOf("=");
    out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

/** Splits a command line like a POSIX shell would for plain words and quotes (no expansion). */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let current = "";
  let quote: '"' | "'" | null = null;
  let started = false;
  for (let i = 0; i < command.length; i++) {
    const c = command.charAt(i);
    if (quote) {
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"' && i + 1 < command.length) current += command[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (c === "\\" && i + 1 < command.length) {
      current += command[++i];
      started = true;
    } else if (/\s/.test(c)) {
      if (started) words.push(current);
      current = "";
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (quote) throw new Error(`Unclosed ${quote} quote in the command`);
  if (started) words.push(current);
  return words;
}
