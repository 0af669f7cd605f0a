// Checks on a manifest before it is sent to the cluster. An edit must still be the same object
// (apiVersion, kind, name, namespace) and carry the resourceVersion it was loaded at (so a
// concurrent change is a conflict, not an overwrite); a new object must not carry one. Both
// must keep a valid pod template.
import type { FieldErrors } from "../errors";
import { ZKubeManifest } from "../protocol/kube";
import { fieldErrors } from "../validation";
import type { K } from "./objects";

export function validateEdit(original: K, edited: unknown): FieldErrors {
  const errors: FieldErrors = {};
  if (!edited || typeof edited !== "object" || Array.isArray(edited)) return { _: ["The manifest must be a YAML mapping"] };
  const e = edited as K;
  for (const path of ["apiVersion", "kind"] as const) {
    if (e[path] !== original[path]) errors[path] = [`Can't change ${path} (${original[path]}): create a new object instead`];
  }
  for (const path of ["name", "namespace"] as const) {
    if ((e.metadata?.[path] ?? undefined) !== (original.metadata?.[path] ?? undefined)) errors[`metadata.${path}`] = [`Can't change metadata.${path}`];
  }
  if (!e.metadata?.resourceVersion) errors["metadata.resourceVersion"] = ["Keep metadata.resourceVersion: it is how a concurrent change is detected"];
  return { ...errors, ...specErrors(e) };
}

export function validateCreate(input: unknown): FieldErrors {
  if (!input || typeof input !== "object" || Array.isArray(input)) return { _: ["The manifest must be a YAML mapping"] };
  const shape = ZKubeManifest.safeParse(input);
  if (!shape.success) return fieldErrors(shape.error);
  const manifest: K = shape.data;
  const errors: FieldErrors = {};
  if (manifest.kind === "Secret")
    errors.kind = ["Secrets can't be created here: their values never pass through Wheelhouse. Use kubectl or your secret manager"];
  if (manifest.metadata?.resourceVersion) errors["metadata.resourceVersion"] = ["A new object has no resourceVersion yet: remove it"];
  if (manifest.metadata?.uid) errors["metadata.uid"] = ["A new object has no uid yet: remove it"];
  return { ...errors, ...specErrors(manifest) };
}

/** What the API server would refuse anyway, said per field before anything is sent. */
function specErrors(e: K): FieldErrors {
  const errors: FieldErrors = {};
  const containers = e.spec?.template?.spec?.containers ?? e.spec?.containers;
  if (containers !== undefined) {
    if (!Array.isArray(containers) || containers.length === 0) errors["spec.containers"] = ["A pod needs at least one container"];
    else
      containers.forEach((c: K, i: number) => {
        if (!c?.name) (errors[`containers.${i}.name`] ??= []).push("Every container needs a name");
        if (!c?.image) (errors[`containers.${i}.image`] ??= []).push("Every container needs an image");
      });
  }
  if (e.spec?.replicas !== undefined && (!Number.isInteger(e.spec.replicas) || e.spec.replicas < 0))
    errors["spec.replicas"] = ["Replicas must be a whole number, 0 or more"];
  return errors;
}
