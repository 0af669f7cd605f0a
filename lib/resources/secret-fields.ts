// Moving write-only fields between a config and the encrypted `secrets` column.
import { decryptSecret, encryptSecret } from "../secrets/crypto";
import type { FieldErrors } from "../errors";
import type { ResourceTypeDefinition } from "./define";
import { SECRET_MASK } from "./view";

export type Ciphertexts = Record<string, string>;
type Config = Record<string, unknown>;

function active(def: ResourceTypeDefinition, config: Config) {
  return (def.secrets ?? []).map((rule) => ({ field: rule.field, secret: rule.when ? rule.when(config as never) : true }));
}

/** The fields that are secret for this config (a Variable's value only when it is marked secret). */
export function secretFieldsOf(def: ResourceTypeDefinition, config: Config): Set<string> {
  return new Set(active(def, config).flatMap((f) => (f.secret ? [f.field] : [])));
}

/** Drops the mask a client echoes back, so that it means "leave the secret as it is". */
export function dropEchoedMasks(def: ResourceTypeDefinition, patch: Config): Config {
  const out = { ...patch };
  for (const rule of def.secrets ?? []) if (out[rule.field] === SECRET_MASK) delete out[rule.field];
  return out;
}

/**
 * Splits secret values out of a validated config. A secret field left out keeps its stored
 * ciphertext. Turning a secret field into a plain one needs a new value, because the old one
 * is write-only and must never surface in plaintext.
 */
export function splitSecrets(
  def: ResourceTypeDefinition,
  config: Config,
  previous: Ciphertexts,
): { config: Config; secrets: Ciphertexts; changed: string[]; errors: FieldErrors } {
  const plain = { ...config };
  const secrets: Ciphertexts = {};
  const changed: string[] = [];
  const errors: FieldErrors = {};
  for (const { field, secret } of active(def, config)) {
    const given = plain[field];
    if (secret) {
      delete plain[field];
      if (typeof given === "string") {
        secrets[field] = encryptSecret(given);
        changed.push(field);
      } else if (previous[field]) {
        secrets[field] = previous[field];
      }
    } else if (previous[field] && given === undefined) {
      errors[`config.${field}`] = ["Give a new value: a secret value can't be turned back into plain text"];
    }
  }
  return { config: plain, secrets, changed, errors };
}

/** The config as anyone may see it: set secrets show as SECRET_MASK. */
export function maskConfig(def: ResourceTypeDefinition, config: Config, secrets: Ciphertexts): Config {
  const out = { ...config };
  for (const { field, secret } of active(def, config)) if (secret && secrets[field]) out[field] = SECRET_MASK;
  return out;
}

/** For executions that need the real value (interpolation, registry login); never for display. */
export function revealSecret(secrets: Ciphertexts, field: string): string | undefined {
  const stored = secrets[field];
  return stored ? decryptSecret(stored) : undefined;
}
