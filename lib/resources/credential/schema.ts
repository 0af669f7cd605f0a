import { z } from "zod";
import { defineResourceType } from "../define";
import { TYPE_NAMES } from "../names";

export const credentialConfig = z
  .object({
    kind: z.enum(["git", "registry"]).default("git"),
    /** Git provider or registry domain, e.g. github.com or ghcr.io. */
    domain: z
      .string()
      .min(1, "Domain is required")
      .max(255)
      .regex(/^[a-zA-Z0-9.-]+(:\d+)?$/, "A host name such as github.com")
      .default("github.com"),
    username: z.string().max(255).default(""),
    /** Access token (https git, registries); write-only. */
    token: z.string().max(8192).optional(),
    /** Private key for git over SSH (OpenSSH or PEM); write-only. */
    sshPrivateKey: z.string().max(16384).optional(),
    /** known_hosts lines the SSH server's key must match; empty trusts the key it first shows. */
    sshKnownHosts: z.string().max(16384).default(""),
  })
  .strict();

export const credential = defineResourceType({
  ...TYPE_NAMES.credential,
  table: "Credential",
  description: "A git provider or image registry account; its token and SSH key are encrypted at rest.",
  config: credentialConfig,
  secrets: [{ field: "token" }, { field: "sshPrivateKey" }],
  summary: (c) => [
    ["Kind", c.kind],
    ["Domain", c.domain],
    ["Username", c.username || "—"],
  ],
});
