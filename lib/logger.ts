// A small structured logger. Secrets never reach it: callers log ids and messages, never
// request bodies or configs (see the secrets test, which greps the server log).
type Level = "info" | "warn" | "error";

function write(level: Level, message: string, err?: unknown) {
  const line: Record<string, unknown> = { t: new Date().toISOString(), level, message };
  if (err instanceof Error) line.error = { name: err.name, message: err.message, stack: err.stack };
  else if (err !== undefined) line.error = String(err);
  (level === "error" ? console.error : console.log)(JSON.stringify(line));
}

export const logger = {
  info: (message: string) => write("info", message),
  warn: (message: string, err?: unknown) => write("warn", message, err),
  error: (message: string, err?: unknown) => write("error", message, err),
};
