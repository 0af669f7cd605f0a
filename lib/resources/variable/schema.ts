import { z } from "zod";
import { defineResourceType } from "../define";

export const variableConfig = z
  .object({
    value: z
      .string()
      .max(64 * 1024)
      .optional(),
    /** Secret values are encrypted at rest, masked in logs and never returned. */
    secret: z.boolean().default(false),
  })
  .strict();

export const variable = defineResourceType({
  key: "variable",
  table: "Variable",
  label: "Variable",
  plural: "variables",
  labelPlural: "Variables",
  description: "A value interpolated as [[NAME]] in env, compose files, commands and labels.",
  config: variableConfig,
  secrets: [{ field: "value", when: (c) => c.secret }],
  summary: (c) => [["Secret", c.secret ? "yes" : "no"]],
});
