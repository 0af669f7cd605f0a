// Replacing secret values with *** in text that leaves core (log lines streamed to a browser).
// The agent redacts command output with the same rule (agent/docker/progress.ts); core redacts
// what it relays itself, such as container logs, which the agent streams as they are.

/** A multi-line value (a PEM key) reaches logs line by line; each line this long is hidden too. */
const MIN_LINE_PART = 8;

/** The strings to hide for these secret values: each value, and each long line of a multi-line one. */
export function redactionList(values: string[]): string[] {
  const out = new Set<string>();
  for (const value of values) {
    if (!value) continue;
    out.add(value);
    if (value.includes("\n")) for (const part of value.split(/\r?\n/)) if (part.trim().length >= MIN_LINE_PART) out.add(part.trim());
  }
  // Longer first, so that a value containing another is hidden whole.
  return [...out].sort((a, b) => b.length - a.length);
}

export function redactor(values: string[]): (line: string) => string {
  const secrets = redactionList(values);
  if (secrets.length === 0) return (line) => line;
  return (line) => secrets.reduce((out, secret) => out.split(secret).join("***"), line);
}
