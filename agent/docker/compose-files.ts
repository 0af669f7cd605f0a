// A stack's files live in `${AGENT_STATE_DIR}/stacks/<project>/`, which is also the compose
// project directory (relative paths in the files resolve there). New files (the compose files
// and the env file) are first written to a staging directory beside it and validated there; the
// live directory changes only once they are valid, so a bad deploy leaves it as the last good one.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { agentEnv } from "@/agent/env";
import type { ComposeSpec } from "@/lib/protocol/agent";

const MANIFEST = ".wheelhouse-files.json";

export const stacksDir = (): string => path.join(agentEnv.AGENT_STATE_DIR, "stacks");
export const projectDir = (project: string): string => path.join(stacksDir(), project);

/** Compose's own rule for project names, which are also our directory names (so no "..", no "/"). */
export function checkSpec(spec: ComposeSpec): void {
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(spec.project)) {
    throw new Error(`Invalid compose project name "${spec.project}": use lowercase letters, digits, "-" and "_", starting with a letter or digit`);
  }
  if (spec.files.length === 0) throw new Error(`Stack ${spec.project} has no compose files`);
  const seen = new Set<string>();
  for (const file of spec.files) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(file.name) || file.name === MANIFEST) {
      throw new Error(`Invalid compose file name "${file.name}": use a plain file name such as compose.yaml`);
    }
    if (seen.has(file.name)) throw new Error(`Compose file ${file.name} is listed twice`);
    seen.add(file.name);
  }
  if (
    spec.envFile &&
    (!/^[A-Za-z0-9._-]+$/.test(spec.envFile) || spec.envFile === "." || spec.envFile === ".." || spec.envFile === MANIFEST || seen.has(spec.envFile))
  ) {
    throw new Error(`Invalid env file name "${spec.envFile}": use a plain file name such as .env that no compose file has`);
  }
}

/** Every file a deploy writes into the project folder. */
const fileNames = (spec: ComposeSpec): string[] => [...spec.files.map((f) => f.name), ...(spec.envFile ? [spec.envFile] : [])];

/** KEY=value lines, as both compose versions read them. */
const envFileText = (env: Record<string, string>): string =>
  Object.entries(env)
    .map(([k, v]) => `${k}=${v}\n`)
    .join("");

/** Writes the spec's files to a fresh staging directory (files may hold secrets: owner-only). */
export async function stageFiles(spec: ComposeSpec): Promise<string> {
  await mkdir(projectDir(spec.project), { recursive: true, mode: 0o700 });
  const dir = path.join(stacksDir(), `.${spec.project}.staging-${randomBytes(4).toString("hex")}`);
  await mkdir(dir, { mode: 0o700 });
  for (const file of spec.files) await writeFile(path.join(dir, file.name), file.contents, { mode: 0o600 });
  if (spec.envFile) await writeFile(path.join(dir, spec.envFile), envFileText(spec.env), { mode: 0o600 });
  return dir;
}

export const discardStaged = (dir: string): Promise<void> => rm(dir, { recursive: true, force: true });

/** Moves staged files into the live directory and removes files an earlier deploy wrote that are no longer listed. */
export async function commitStaged(spec: ComposeSpec, dir: string): Promise<void> {
  const live = projectDir(spec.project);
  const names = fileNames(spec);
  const previous: string[] = await readFile(path.join(live, MANIFEST), "utf8")
    .then((text) => JSON.parse(text) as string[])
    .catch(() => []);
  for (const name of names) await rename(path.join(dir, name), path.join(live, name));
  for (const name of previous) {
    if (!names.includes(name) && /^[A-Za-z0-9._-]+$/.test(name) && name !== "." && name !== "..") await rm(path.join(live, name), { force: true });
  }
  await writeFile(path.join(live, MANIFEST), JSON.stringify(names), { mode: 0o600 });
  await discardStaged(dir);
}
