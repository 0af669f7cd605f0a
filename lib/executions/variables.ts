// `[[NAME]]` interpolation of Variables into env, compose files, commands and labels.
// Secret values are collected so that every log line the agent sends back can be redacted.
import { db } from "../db";
import { AppError } from "../errors";
import { revealSecret, type Ciphertexts } from "../resources/secret-fields";

const PATTERN = /\[\[([A-Za-z0-9._-]+)\]\]/g;

export interface Interpolator {
  /** Replaces every [[NAME]]; unknown names are collected, not thrown, so all are reported at once. */
  apply: (text: string, where: string) => string;
  /** Throws one clear error naming every unknown variable and where it was used. */
  assertComplete: () => void;
  secretsUsed: () => string[];
}

export async function loadInterpolator(): Promise<Interpolator> {
  const rows = await db.variable.findMany({ select: { name: true, config: true, secrets: true } });
  const values = new Map<string, { value: string; secret: boolean }>();
  for (const row of rows) {
    const config = row.config as { value?: string; secret?: boolean };
    const value = config.secret ? (revealSecret((row.secrets ?? {}) as Ciphertexts, "value") ?? "") : (config.value ?? "");
    values.set(row.name, { value, secret: Boolean(config.secret) });
  }
  const missing: string[] = [];
  const secrets = new Set<string>();
  return {
    apply: (text, where) =>
      text.replace(PATTERN, (match, name: string) => {
        const found = values.get(name);
        if (!found) {
          missing.push(`[[${name}]] in ${where}`);
          return match;
        }
        if (found.secret) secrets.add(found.value);
        return found.value;
      }),
    assertComplete: () => {
      if (missing.length) throw new AppError("INVALID_INPUT", `Unknown variable${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}. Create ${missing.length > 1 ? "them" : "it"} under Variables first.`);
    },
    secretsUsed: () => [...secrets],
  };
}
