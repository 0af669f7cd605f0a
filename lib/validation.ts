// Turning zod failures into the field-level errors every API answer uses.
import type { z } from "zod";
import { invalid, type AppError, type FieldErrors } from "./errors";

export function fieldErrors(error: z.ZodError, prefix: (string | number)[] = []): FieldErrors {
  const out: FieldErrors = {};
  const add = (path: (string | number | symbol)[], message: string) => {
    const key = [...prefix, ...path].map(String).join(".") || "_";
    (out[key] ??= []).push(message);
  };
  for (const issue of error.issues) {
    // Name each unknown field on its own path, so a form can show it beside the right input.
    if (issue.code === "unrecognized_keys") for (const key of issue.keys) add([...issue.path, key], `Unknown field "${key}"`);
    else add(issue.path, issue.message);
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
