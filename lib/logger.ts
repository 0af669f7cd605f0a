// A small structured logger. Secrets never reach it: callers log ids and messages, never
// request bodies or configs (see the secrets test, which greps the server log). A line written
// while an HTTP request is handled carries its request id (lib/ops/request-context.ts).
import { currentRequestId } from "./ops/request-context";

type Level = "info" | "warn" | "error";
/** Extra fields for a line (ids, counts, durations): never bodies, headers or query strings. */
export type LogFields = Record<string, string | number | boolean | null>;

function write(level: Level, message: string, err?: unknown, fields?: LogFields) {
  const line: Record<string, unknown> = { t: new Date().toISOString(), level, message, ...fields };
  const requestId = currentRequestId();
  if (requestId) line.requestId = requestId;
  if (err instanceof Error) line.error = { name: err.name, message: err.message, stack: err.stack };
  else if (err !== undefined) line.error = String(err);
  (level === "error" ? console.error : console.log)(JSON.stringify(line));
}

export const logger = {
  info: (message: string, fields?: LogFields) => write("info", message, undefined, fields),
  warn: (message: string, err?: unknown) => write("warn", message, err),
  error: (message: string, err?: unknown) => write("error", message, err),
};
