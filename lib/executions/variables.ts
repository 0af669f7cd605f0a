// `[[NAME]]` interpolation of Variables into env, compose files, commands and labels.
// Interpolating a Variable is reading it: the actor needs Read on each one used, or the
// execution fails before anything runs. Secret values are collected so that every log line
// the agent sends back can be redacted.
import type { Actor } from "../authz/actor";
import { accessOf } from "../authz/authorize";
import { atLeast } from "../authz/permissions";
import { db } from "../db";
import { AppError } from "../errors";
import { revealSecret, type Ciphertexts } from "../resources/secret-fields";

const PATTERN = /\[\[([A-Za-z0-9._-]+)\]\]/g;

export interface Interpolator {
  /** Replaces every [[NAME]]; unknown or unreadable names are collected, not thrown, so all are reported at once. */
  apply: (text: string, where: string) => string;
  /** Throws one clear error naming every unknown or unreadable variable and where it was used. */
  assertComplete: () => void;
  secretsUsed: () => string[];
}

interface Row {
  name: string;
  config: unknown;
  secrets: unknown;
}

function valueOf(row: Row): { value: string; secret: boolean } {
  const config = row.config as { value?: string; secret?: boolean };
  const value = config.secret ? (revealSecret((row.secrets ?? {}) as Ciphertexts, "value") ?? "") : (config.value ?? "");
  return { value, secret: Boolean(config.secret) };
}

/**
 * Variables the actor may read, by name. One the actor may not read is left out, exactly as if
 * it did not exist: the error then can't tell anyone that a Variable they can't see exists.
 */
export async function loadInterpolator(actor: Actor): Promise<Interpolator> {
  const rows = await db.variable.findMany({ select: { id: true, name: true, config: true, secrets: true } });
  const readable = new Map<string, Row>();
  for (const row of rows) {
    if (atLeast((await accessOf(actor, "variable", row)).level, "Read")) readable.set(row.name, row);
  }
  // Decrypted on first use: an execution reveals only the secrets it interpolates.
  const decrypted = new Map<string, { value: string; secret: boolean }>();
  const lookup = (name: string) => {
    const row = readable.get(name);
    if (row && !decrypted.has(name)) decrypted.set(name, valueOf(row));
    return decrypted.get(name);
  };
  const missing: string[] = [];
  const secrets = new Set<string>();
  return {
    apply: (text, where) =>
      text.replace(PATTERN, (match, name: string) => {
        const found = lookup(name);
        if (!found) {
          missing.push(`[[${name}]] in ${where}`);
          return match;
        }
        if (found.secret) secrets.add(found.value);
        return found.value;
      }),
    assertComplete: () => {
      if (!missing.length) return;
      const them = missing.length > 1 ? "them" : "it";
      throw new AppError(
        "INVALID_INPUT",
        `Unknown variable${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}. Create ${them} under Variables first (or, if ${missing.length > 1 ? "they exist" : "it exists"}, ask for Read on ${them}).`,
      );
    },
    secretsUsed: () => [...secrets],
  };
}

/**
 * The values of the secret Variables these texts reference, for redacting what a resource
 * prints (its container logs). Not an interpolation: nothing is revealed, so no grant is asked.
 */
export async function secretValuesIn(texts: string[]): Promise<string[]> {
  const names = new Set<string>();
  for (const text of texts) for (const [, name] of text.matchAll(PATTERN)) if (name) names.add(name);
  if (names.size === 0) return [];
  const rows = await db.variable.findMany({ where: { name: { in: [...names] } }, select: { name: true, config: true, secrets: true } });
  return rows
    .map(valueOf)
    .filter((v) => v.secret && v.value)
    .map((v) => v.value);
}
