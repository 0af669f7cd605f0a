// What the API and UI see of a resource. Pure types and constants: safe in client code.
import type { Level, SpecificPermission } from "../authz/permissions";
import type { ResourceTypeKey } from "./define";

/** Shown in place of any secret value that is set. Sending it back means "unchanged". */
export const SECRET_MASK = "••••••••";

export interface ResourceView {
  id: string;
  type: ResourceTypeKey;
  name: string;
  description: string;
  tags: string[];
  /** A template is never deployed or run; "New from template" copies its config. */
  template: boolean;
  /** The validated config, with secret values replaced by SECRET_MASK. */
  config: Record<string, unknown>;
  /** The list page's config columns, [label, value] (the type's `summary` of the masked config). */
  summary: [string, string][];
  info: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  /** What the requesting user may do here, so the UI can hide what they can't. */
  access: { level: Level; specific: SpecificPermission[] };
}
