// Guards practice 3 of the style guide: every route handler and server action is built
// through lib/api/handler.ts, so none can skip authorize(). A handler written by hand (or
// wrapped in something else) lacks the HANDLER_POLICY mark and fails this test.
// Route and crypto modules read lib/env.ts; give it dummy settings first.
import "../../tests/helpers/unit-env";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HANDLER_POLICY } from "./handler";

const ROOT = path.resolve(__dirname, "../..");
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const SOURCE = /\.(ts|tsx|js|jsx|mjs)$/;

function walk(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    if (name === "node_modules" || name === "generated" || name.startsWith(".")) return [];
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

const rel = (file: string) => path.relative(ROOT, file);

/** Code with comments blanked out, so a directive mentioned in a comment doesn't count. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

const DIRECTIVE = /(^|[\n{;])\s*(["'])use server\2\s*;?/g;

/** Where a file uses "use server": at the top (a module of actions) and/or inside functions. */
function serverDirectives(source: string): { module: boolean; inline: number } {
  const code = withoutComments(source);
  const atTop = /^\s*(["'][^"'\n]*["']\s*;?\s*)*?(["'])use server\2/.test(code);
  const all = [...code.matchAll(DIRECTIVE)].length;
  return { module: atTop, inline: all - (atTop ? 1 : 0) };
}

describe("the 'use server' scanner itself", () => {
  it("finds module-level and inline directives, and ignores comments and strings mid-code", () => {
    expect(serverDirectives(`"use server";\nexport async function a() {}`)).toEqual({ module: true, inline: 0 });
    expect(serverDirectives(`// header\n'use server'\nexport const a = 1;`)).toEqual({ module: true, inline: 0 });
    expect(serverDirectives(`export default function P() {\n  async function act() {\n    "use server";\n  }\n}`)).toEqual({ module: false, inline: 1 });
    expect(serverDirectives(`// "use server" is not used here\nconst s = 'use server is a directive';`)).toEqual({ module: false, inline: 0 });
    expect(serverDirectives(`"use client";\nexport const x = 1;`)).toEqual({ module: false, inline: 0 });
  });
});

describe("every route handler is built with handler()", () => {
  const routes = walk(path.join(ROOT, "app")).filter((f) => /[\\/]route\.(ts|tsx|js)$/.test(f));

  it("finds the API routes (so the check below can't pass by finding nothing)", () => {
    expect(routes.length).toBeGreaterThanOrEqual(15);
  });

  it.each(routes.map((f) => [rel(f), f]))("%s exports only marked handlers", async (_name, file) => {
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    const methods = HTTP_METHODS.filter((m) => m in mod);
    expect(methods.length, "a route file with no HTTP handler").toBeGreaterThan(0);
    for (const method of methods) {
      const fn = mod[method] as { [HANDLER_POLICY]?: { public?: string; permission?: string } };
      expect(typeof fn, `${method} is not a function`).toBe("function");
      const policy = fn[HANDLER_POLICY];
      expect(policy, `${method} in ${rel(file)} is not built with handler() from lib/api/handler.ts`).toBeDefined();
      // Either a declared permission or a stated reason for being public.
      const ok = typeof policy?.permission === "string" || (typeof policy?.public === "string" && policy.public.trim().length > 0);
      expect(ok, `${method} in ${rel(file)} has a policy without a permission or a public reason`).toBe(true);
    }
  });
});

describe("every server action is built with the wrapper", () => {
  const files = ["app", "lib", "components"].flatMap((d) => walk(path.join(ROOT, d))).filter((f) => SOURCE.test(f) && !/\.test\.[jt]sx?$/.test(f));

  it("scans the source tree", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it("has no inline 'use server' functions (they can't carry a policy)", () => {
    const inline = files.filter((f) => serverDirectives(readFileSync(f, "utf8")).inline > 0).map(rel);
    expect(inline, 'move these actions into a "use server" module and build them with the wrapper').toEqual([]);
  });

  const actionModules = files.filter((f) => serverDirectives(readFileSync(f, "utf8")).module);
  // it.each of an empty table would register no test; keep one that states the current count.
  it(`checks every export of ${actionModules.length} "use server" module(s)`, async () => {
    const unmarked: string[] = [];
    for (const file of actionModules) {
      const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) {
        if (typeof value !== "function" || !(HANDLER_POLICY in value)) unmarked.push(`${rel(file)}: ${name}`);
      }
    }
    expect(unmarked).toEqual([]);
  });
});
