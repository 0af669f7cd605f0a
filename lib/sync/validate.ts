// zod issues as paths and messages the plan places at their line.
import type { z } from "zod";

export function fieldErrorsOf(error: z.ZodError): { path: (string | number)[]; message: string }[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
    const keys = issue.code === "unrecognized_keys" ? ` (${issue.keys.join(", ")})` : "";
    return {
      path: issue.code === "unrecognized_keys" && issue.keys[0] ? [...path, issue.keys[0]] : path,
      message: `config${path.length ? `.${path.join(".")}` : ""}: ${issue.message}${keys}`,
    };
  });
}
