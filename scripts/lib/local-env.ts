// Local secrets for `npm run dev` and the tests: generated on first run and kept in
// .data/local.env (mode 600), so sessions and encrypted values survive restarts.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export const DATA_DIR = path.resolve(process.env.WHEELHOUSE_DATA_DIR ?? ".data");

export function loadLocalEnv(): Record<string, string> {
  mkdirSync(DATA_DIR, { recursive: true, mode: 0o755 });
  const file = path.join(DATA_DIR, "local.env");
  const values: Record<string, string> = {};
  if (existsSync(file)) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      const i = line.indexOf("=");
      if (i > 0) values[line.slice(0, i)] = line.slice(i + 1);
    }
  }
  let changed = false;
  const ensure = (key: string, make: () => string) => {
    if (!values[key]) {
      values[key] = make();
      changed = true;
    }
  };
  ensure("NEXTAUTH_SECRET", () => randomBytes(32).toString("base64url"));
  ensure("WHEELHOUSE_SECRET_KEY", () => randomBytes(32).toString("base64"));
  if (changed) {
    writeFileSync(
      file,
      Object.entries(values)
        .map(([k, v]) => `${k}=${v}`)
        .join("\n") + "\n",
      { mode: 0o600 },
    );
  }
  // Variables already set in the environment win over the file.
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) out[k] = process.env[k] ?? v;
  return out;
}
