import { z } from "zod";
import { defineResourceType } from "../define";
import { TYPE_NAMES } from "../names";

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
  ...TYPE_NAMES.variable,
  table: "Variable",
  description: "A value interpolated as [[NAME]] in env, compose files, commands and labels.",
  config: variableConfig,
  secrets: [{ field: "value", when: (c) => c.secret }],
  summary: (c) => [["Secret", c.secret ? "yes" : "no"]],
});
