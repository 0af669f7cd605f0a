// Image builds in the agent⇄core protocol (see agent.ts): core resolves the Build (source,
// credentials, variables, tags) and the agent clones, builds with BuildKit, and pushes.
import { z } from "zod";
import { ZGitCommit, ZGitSource } from "./git";
import { NO_HOST_ACCESS, ZHostAccess } from "./host-reach";

/** A registry to push to, with the account to push as (none for an open registry). */
export const ZRegistryTarget = z.object({
  domain: z.string().min(1),
  organization: z.string().default(""),
  auth: z.object({ username: z.string(), password: z.string() }).nullable().default(null),
});
export type RegistryTarget = z.infer<typeof ZRegistryTarget>;

export const ZBuildPayload = z.object({
  kind: z.literal("build.run"),
  /** Names its working folder on the agent (core makes it unique per Build). */
  name: z.string().min(1),
  source: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("git"), git: ZGitSource }),
    z.object({ kind: z.literal("dockerfile"), dockerfile: z.string().min(1) }),
  ]),
  buildPath: z.string().default("."),
  dockerfilePath: z.string().default("Dockerfile"),
  buildArgs: z.record(z.string(), z.string()).default({}),
  /** Mounted at /run/secrets/<KEY> for `RUN --mount=type=secret,id=<KEY>`: never in the image or its history. */
  secretArgs: z.record(z.string(), z.string()).default({}),
  labels: z.record(z.string(), z.string()).default({}),
  /** Repository name without registry, e.g. team/api. */
  image: z.string().min(1),
  /** Tags known before the build (version, latest); the short commit is added when `tagCommit`. */
  tags: z.array(z.string()).min(1),
  tagCommit: z.boolean().default(false),
  registries: z.array(ZRegistryTarget).default([]),
  preBuild: z.string().default(""),
  redact: z.array(z.string()).default([]),
  hostAccess: ZHostAccess.default(NO_HOST_ACCESS),
});
export type BuildPayload = z.infer<typeof ZBuildPayload>;

export const ZBuildResult = z.object({
  commit: ZGitCommit.nullable(),
  /** Every reference tagged (and pushed, for those with a registry). */
  images: z.array(z.string()),
  /** The pushed image's manifest digest (sha256:…), when it was pushed. */
  digest: z.string().nullable(),
  imageId: z.string(),
});
export type BuildResult = z.infer<typeof ZBuildResult>;

/** `registry/organization/image` (or `image` alone for a local build). */
export function imageRepository(image: string, registry?: { domain: string; organization: string }): string {
  if (!registry) return image;
  return [registry.domain, registry.organization, image].filter(Boolean).join("/");
}
