// No server code in the browser bundle: every module under components/ and lib/client/, and
// everything they import at runtime, must stay clear of the database, the environment, Node's
// modules and anything marked server-only. Type-only imports are erased by the compiler, so
// they are not followed (that is how lib/*/types.ts derive response types from server code).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "../..");
const EXTENSIONS = ["", ".ts", ".tsx", "/index.ts", "/index.tsx"];
const BUILTINS = new Set(builtinModules);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The specifiers a module imports at runtime (static, re-exports, side effects, dynamic). */
export function runtimeImports(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const out: string[] = [];
  for (const m of code.matchAll(/^\s*(?:import|export)\s+(type\s+)?([^;"']*?)\s*from\s*["']([^"']+)["']/gm)) {
    const [, typeOnly, clause, specifier] = m;
    const names = /^\{([\s\S]*)\}$/
      .exec(clause!.trim())?.[1]
      ?.split(",")
      .map((n) => n.trim())
      .filter(Boolean);
    // `import type …`, or braces naming only types: erased (isolatedModules elides them).
    if (typeOnly || (names?.length && names.every((n) => n.startsWith("type ")))) continue;
    out.push(specifier!);
  }
  for (const m of code.matchAll(/^\s*import\s*["']([^"']+)["']/gm)) out.push(m[1]!);
  for (const m of code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) out.push(m[1]!);
  return out;
}

function resolve(root: string, from: string, specifier: string): string | undefined {
  const base = specifier.startsWith("@/") ? join(root, specifier.slice(2)) : specifier.startsWith(".") ? join(dirname(from), specifier) : undefined;
  if (!base) return undefined;
  for (const ext of EXTENSIONS) {
    const path = base + ext;
    try {
      if (statSync(path).isFile()) return path;
    } catch {
      // not this extension
    }
  }
  return undefined;
}

/** Why a specifier may not reach the browser, or undefined when it may. */
function forbidden(root: string, specifier: string, resolved: string | undefined): string | undefined {
  if (specifier.startsWith("node:") || BUILTINS.has(specifier)) return `Node module ${specifier}`;
  if (specifier === "server-only") return "server-only";
  const path = resolved && relative(root, resolved);
  if (path === "lib/db.ts" || path === "lib/env.ts" || path === "lib/server-only.ts") return path;
  return undefined;
}

/** Every chain from an entry file to something server-only, as "a → b → c (why)". */
export function serverChains(root: string, entries: string[]): string[] {
  const problems: string[] = [];
  const clean = new Set<string>();
  const visit = (file: string, chain: string[]): boolean => {
    if (clean.has(file)) return true;
    if (chain.includes(file)) return true; // a cycle: judged where it started
    const here = [...chain, file];
    let ok = true;
    for (const specifier of runtimeImports(readFileSync(file, "utf8"))) {
      const resolved = resolve(root, file, specifier);
      const why = forbidden(root, specifier, resolved);
      if (why) {
        problems.push(`${[...here.map((f) => relative(root, f)), specifier].join(" → ")} (${why})`);
        ok = false;
      } else if (resolved && !visit(resolved, here)) ok = false;
    }
    if (ok) clean.add(file);
    return ok;
  };
  for (const entry of entries) visit(entry, []);
  return [...new Set(problems)];
}

describe("client imports", () => {
  it("keep server code out of components/ and lib/client/", () => {
    const entries = [...sourceFiles(join(ROOT, "components")), ...sourceFiles(join(ROOT, "lib/client"))];
    expect(entries.length).toBeGreaterThan(50);
    expect(serverChains(ROOT, entries)).toEqual([]);
  });

  it("names the chain to a server module, and skips type-only imports", () => {
    const root = mkdtempSync(join(tmpdir(), "client-imports-"));
    mkdirSync(join(root, "components"));
    mkdirSync(join(root, "lib/users"), { recursive: true });
    writeFileSync(join(root, "lib/db.ts"), `import { Pool } from "pg";\nexport const db = new Pool();\n`);
    writeFileSync(join(root, "lib/server-only.ts"), "export {};\n");
    writeFileSync(join(root, "lib/users/users.ts"), `import "../server-only";\nimport { db } from "../db";\nexport const listUsers = () => db;\n`);
    writeFileSync(join(root, "lib/users/types.ts"), `import type { listUsers } from "./users";\nexport type UserRow = ReturnType<typeof listUsers>;\n`);
    writeFileSync(
      join(root, "components/users.tsx"),
      `import type { UserRow } from "@/lib/users/types";\nimport { listUsers } from "../lib/users/users";\nexport const x: UserRow = listUsers();\n`,
    );
    writeFileSync(
      join(root, "components/fine.tsx"),
      `import { type UserRow } from "@/lib/users/types";\nimport { z } from "zod";\nexport const y = (u: UserRow) => z.string().parse(u);\n`,
    );
    writeFileSync(join(root, "components/lazy.tsx"), `export const load = () => import("node:fs");\n`);
    expect(serverChains(root, [join(root, "components/fine.tsx")])).toEqual([]);
    expect(serverChains(root, [join(root, "components/users.tsx"), join(root, "components/lazy.tsx")]).sort()).toEqual([
      "components/lazy.tsx → node:fs (Node module node:fs)",
      "components/users.tsx → lib/users/users.ts → ../db (lib/db.ts)",
      "components/users.tsx → lib/users/users.ts → ../server-only (lib/server-only.ts)",
    ]);
  });
});
