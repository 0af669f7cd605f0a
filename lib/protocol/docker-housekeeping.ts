// Server housekeeping commands (Komodo's StartAllContainers, StopAllContainers,
// RestartAllContainers, DeleteImage, DeleteVolume, DeleteNetwork) and the names they carry.
// Shared by core, which refuses a bad name before any Update is written, and the agent, which
// validates every command again. The names end up in Docker API paths (/images/<ref>/json), so
// anything that could leave its own path segment ('..', '//', spaces, '?', '#') is refused.
import { z } from "zod";

const required = (what: string) => ({ error: (issue: { input: unknown }) => (issue.input === undefined ? `${what} is required` : `${what} must be text`) });

/** `name`, `name:tag`, `registry:5000/team/name:tag`, `name@sha256:…`, or an image id (`sha256:…` or its hex). */
export const ZImageRef = z
  .string(required("The image"))
  .trim()
  .min(1, "The image is required")
  .max(512, "An image reference has at most 512 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/, "An image is named by its id, or name[:tag] (letters, digits and . _ - / : @)")
  .refine((v) => !v.includes("..") && !v.includes("//"), "An image reference can't contain '..' or '//'");

/** Docker's own rule for volume names (ids of anonymous volumes are 64 hex digits, which pass). */
export const ZVolumeName = z
  .string(required("The volume"))
  .trim()
  .max(255, "A volume name has at most 255 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]+$/, "A volume name is letters, digits, '_', '.' and '-', starting with a letter or digit (at least 2)")
  .refine((v) => !v.includes(".."), "A volume name can't contain '..'");

/** A network's name or id. */
export const ZNetworkRef = z
  .string(required("The network"))
  .trim()
  .min(1, "The network is required")
  .max(255, "A network name has at most 255 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "A network is named by its id, or its name (letters, digits, '_', '.' and '-')")
  .refine((v) => !v.includes(".."), "A network name can't contain '..'");

/** `key` or `key=value`, as `docker ps --filter label=…` takes it. */
export const ZLabelFilter = z
  .string()
  .max(255, "A label filter has at most 255 characters")
  .regex(/^[^=\s,]+(=[^\s,]*)?$/, "A label filter is key or key=value, without spaces or commas");

export const CONTAINERS_ACTIONS = ["start", "stop", "restart"] as const;
export type ContainersAction = (typeof CONTAINERS_ACTIONS)[number];

export const ZDockerHousekeepingPayload = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("docker.containers"),
    action: z.enum(CONTAINERS_ACTIONS),
    /** Only containers with this label (none: every container on the host). */
    label: ZLabelFilter.optional(),
  }),
  z.object({ kind: z.literal("docker.image.delete"), image: ZImageRef, force: z.boolean().default(false) }),
  z.object({ kind: z.literal("docker.volume.delete"), volume: ZVolumeName }),
  z.object({ kind: z.literal("docker.network.delete"), network: ZNetworkRef }),
]);
export type DockerHousekeepingPayload = z.infer<typeof ZDockerHousekeepingPayload>;
