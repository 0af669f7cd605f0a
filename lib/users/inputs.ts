import { z } from "zod";
import { LEVELS, SPECIFIC_PERMISSIONS, GRANT_TARGET_KINDS } from "../authz/permissions";
import { ZPassword } from "../auth/password";
import { patternError } from "../authz/pattern";

export const ZUsername = z
  .string({ error: "Username is required" })
  .trim()
  .min(2, "Use at least 2 characters")
  .max(64, "Use at most 64 characters")
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._@-]*$/, "Use letters, digits, '.', '_', '@' or '-'");

export const ZSetupInput = z.object({ username: ZUsername, password: ZPassword }).strict();
export const ZSignUpInput = ZSetupInput;

export const ZCreateUserInput = z
  .object({
    username: ZUsername,
    password: ZPassword,
    email: z.string().email().optional(),
    admin: z.boolean().default(false),
    enabled: z.boolean().default(false),
  })
  .strict();

export const ZUpdateUserInput = z
  .object({ enabled: z.boolean().optional(), admin: z.boolean().optional(), password: ZPassword.optional(), email: z.string().email().nullable().optional() })
  .strict();

export const ZChangePasswordInput = z.object({ currentPassword: z.string().min(1, "Enter your current password"), newPassword: ZPassword }).strict();

export const ZGroupName = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(64)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9 ._-]*$/, "Use letters, digits, spaces, '.', '_' or '-'");

export const ZCreateGroupInput = z
  .object({ name: ZGroupName, description: z.string().max(2000).default(""), memberIds: z.array(z.string().min(1)).max(1000).default([]) })
  .strict();

export const ZUpdateGroupInput = z
  .object({ name: ZGroupName.optional(), description: z.string().max(2000).optional(), memberIds: z.array(z.string().min(1)).max(1000).optional() })
  .strict();

export const ZCreateGrantInput = z
  .object({
    userId: z.string().min(1).optional(),
    userGroupId: z.string().min(1).optional(),
    resourceType: z.string().min(1),
    targetKind: z.enum(GRANT_TARGET_KINDS),
    resourceId: z.string().min(1).optional(),
    pattern: z.string().min(1).max(256).optional(),
    level: z.enum(LEVELS).default("Read"),
    specific: z.array(z.enum(SPECIFIC_PERMISSIONS)).max(SPECIFIC_PERMISSIONS.length).default([]),
    expiresAt: z.coerce.date().optional(),
  })
  .strict();
export type TCreateGrantInput = z.infer<typeof ZCreateGrantInput>;

/** A name, `*` wildcards or a `\\regex\\`, checked to compile (pattern.ts). */
const ZNamePattern = z
  .string()
  .trim()
  .min(1)
  .max(256)
  .default("*")
  .superRefine((v, ctx) => {
    const problem = v === "*" ? null : patternError(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const ZCreateApiKeyInput = z
  .object({
    name: z.string().trim().min(1, "Name the key").max(64),
    expiresAt: z.coerce.date().optional(),
    maxLevel: z.enum(LEVELS).optional(),
    /** Only the read endpoints of /api/v2 (a catalog's sync key): implies Read. */
    publicApiOnly: z.boolean().default(false),
    clusters: ZNamePattern,
    namespaces: ZNamePattern,
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.publicApiOnly && v.maxLevel && v.maxLevel !== "Read")
      ctx.addIssue({ code: "custom", path: ["maxLevel"], message: "A public-API key reads only: its level is Read" });
  })
  .transform((v) => ({ ...v, maxLevel: v.maxLevel ?? (v.publicApiOnly ? ("Read" as const) : ("Write" as const)) }));
