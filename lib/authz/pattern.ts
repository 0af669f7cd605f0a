// Name patterns used by grants and batch executions: `*` wildcards (e.g. "prod-*") or a
// regular expression between backslashes (e.g. "\api-(eu|us)\"). Both match whole names: a
// grant on "\api\" must not reach "legacy-api-admin", so the regex is anchored whatever the
// author wrote (explicit ^ and $ are harmless). Evaluated at check time, so a grant on
// "prod-*" covers resources created after it.

export function isRegexPattern(pattern: string): boolean {
  return pattern.length >= 2 && pattern.startsWith("\\") && pattern.endsWith("\\");
}

/** Returns an error message when the pattern cannot be compiled, else null. */
export function patternError(pattern: string): string | null {
  if (!pattern.trim()) return "Pattern must not be empty";
  if (!isRegexPattern(pattern)) return null;
  try {
    new RegExp(pattern.slice(1, -1));
    return null;
  } catch (e) {
    // V8's message already begins "Invalid regular expression: "; say it once.
    return `Invalid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, "")}`;
  }
}

function compile(pattern: string): RegExp {
  if (isRegexPattern(pattern)) return new RegExp(`^(?:${pattern.slice(1, -1)})$`);
  const escaped = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`);
}

export function matchesPattern(pattern: string, name: string): boolean {
  if (patternError(pattern)) return false;
  return compile(pattern).test(name);
}
