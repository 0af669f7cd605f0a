// Errors that know nothing about HTTP (Documenso's AppError). lib/ throws these; the API
// wrapper in lib/api/handler.ts translates them into responses in one place.

export type AppErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "INVALID_INPUT"
  | "CONFLICT"
  | "RATE_LIMITED"
  /** A request body over the size limit. */
  | "TOO_LARGE"
  | "AGENT_OFFLINE"
  /** Something outside Wheelhouse we called (an Alerter's endpoint) failed or refused. */
  | "UPSTREAM_FAILED"
  | "INTERNAL";

/** Field path ("config.image", "name") → messages. */
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly fields?: FieldErrors,
    /** For RATE_LIMITED: when to try again (sent as Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what = "Resource") => new AppError("NOT_FOUND", `${what} not found`);

export function invalid(fields: FieldErrors, message = "Invalid input"): AppError {
  return new AppError("INVALID_INPUT", message, fields);
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
