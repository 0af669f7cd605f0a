// One schema per operation, shared by the forms, the API and the OpenAPI document.
import { z } from "zod";
import type { ResourceTypeDefinition } from "./define";
import { resourceName } from "./fields";

/** Tags by id or by name. */
export const ZTagRefs = z.array(z.string().min(1).max(64)).max(32);
export const ZDescription = z.string().max(2000, "Keep the description under 2000 characters");
export const ZConfigPatch = z.record(z.string(), z.unknown(), { error: "Config must be an object" });

export const ZCreateResourceInput = z
  .object({
    name: resourceName,
    description: ZDescription.optional(),
    tags: ZTagRefs.optional(),
    config: ZConfigPatch.optional(),
    template: z.boolean().optional(),
    /** A template of the same type to copy: its config (never its secrets), description and tags, under `config`'s changes. */
    fromTemplate: z.string().min(1).max(64).optional(),
  })
  .strict();
export type TCreateResourceInput = z.infer<typeof ZCreateResourceInput>;

/** Config here is a patch: the given top-level fields replace the stored ones. */
export const ZUpdateResourceInput = z
  .object({
    name: resourceName.optional(),
    description: ZDescription.optional(),
    tags: ZTagRefs.optional(),
    config: ZConfigPatch.optional(),
    template: z.boolean().optional(),
  })
  .strict();
export type TUpdateResourceInput = z.infer<typeof ZUpdateResourceInput>;

export const ZListResourcesQuery = z
  .object({
    q: z.string().max(200).optional(),
    tag: z.array(z.string().min(1).max(64)).max(16).optional(),
    /** Only templates (true) or only real resources (false); both when absent. */
    template: z
      .enum(["true", "false"])
      .transform((v) => v === "true")
      .optional(),
  })
  .strict();
export type TListResourcesQuery = z.infer<typeof ZListResourcesQuery>;

/** Per-type variants, used to document the API precisely. */
export function typedInputs(def: ResourceTypeDefinition) {
  return {
    create: ZCreateResourceInput.extend({ config: (def.config as z.ZodType).optional() }),
    update: ZUpdateResourceInput,
  };
}
