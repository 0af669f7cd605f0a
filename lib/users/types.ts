// The account and access-control responses as the browser receives them, derived from the
// lib functions the routes return (type-only imports: nothing here runs, nothing server-side
// reaches a bundle). Request bodies are the zod inputs in ./inputs.
import type { z } from "zod";
import type { WireOf } from "../wire";
import type { listApiKeys } from "./api-keys";
import type { listGrants } from "./grants";
import type { getGroup } from "./groups";
import type { ZCreateApiKeyInput } from "./inputs";
import type { effectiveKubePolicies, listKubePolicies } from "./kube-policies";
import type { listUsers } from "./users";

export type UserRow = WireOf<typeof listUsers>[number];
export type GroupRow = WireOf<typeof getGroup>;
export type GrantRow = WireOf<typeof listGrants>[number];
export type ApiKeyRow = WireOf<typeof listApiKeys>[number];
export type KubePolicyRow = WireOf<typeof listKubePolicies>[number];
/** A user's policy with where it comes from (direct or a group) and whether it has expired. */
export type EffectiveKubePolicyRow = WireOf<typeof effectiveKubePolicies>[number];
export type CreateApiKeyBody = z.input<typeof ZCreateApiKeyInput>;
