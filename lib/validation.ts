// Turning zod failures into the field-level errors every API answer uses.
import type { z } from "zod";
import { invalid, type AppError, type FieldErrors } from "./errors";

export function fieldErrors(error: z.ZodError, prefix: (string | number)[] = []): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path].join(".") || "_";
    const message =
      issue.code === "unrecognized_keys" ? `Unknown field${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}` : issue.message;
    (out[path] ??= []).push(message);
  }
  return out;
}

export function mergeFieldErrors(...all: FieldErrors[]): FieldErrors {
  const out: FieldErrors = {};
  for (const errors of all) for (const [k, v] of Object.entries(errors)) (out[k] ??= []).push(...v);
  return out;
}

/** Parses or throws INVALID_INPUT with field errors. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix: (string | number)[] = []): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalid(fieldErrors(result.error, prefix));
  return result.data;
}

export function throwIfAny(fields: FieldErrors, message?: string): void {
  if (Object.keys(fields).length > 0) throw invalid(fields, message) satisfies AppError;
}
