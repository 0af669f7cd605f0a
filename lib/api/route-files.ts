// The route handlers of one API version as they are on disk, and how they compare with an
// OpenAPI document's paths. Pure (node fs only) so each version's coverage test can call it:
// routeFiles(app, "api/v1") with openApiDocument(), and a later version with its own document.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

export interface RouteFile {
  /** The route.ts path relative to the app directory. */
  file: string;
  /** The OpenAPI path template: `[id]` → `{id}`. */
  template: string;
  methods: string[];
}

// A regex on the source rather than an import: importing every route would run its module
// (and everything it imports); the exports are plain declarations a regex reads reliably.
const EXPORTED_METHOD = new RegExp(`export\\s+(?:const|let|var|(?:async\\s+)?function)\\s+(${HTTP_METHODS.join("|")})\\b`, "g");

/** The URL path of a route directory: route groups `(x)` vanish, `[id]` → `{id}`. Catch-alls
 *  (`[...slug]`, `[[...slug]]`) become `{slug}`: OpenAPI has no multi-segment parameter. */
export function routeTemplate(segments: string[]): string {
  const parts = segments.filter((s) => !/^\(.*\)$/.test(s)).map((s) => s.replace(/^\[{1,2}(?:\.\.\.)?([^\]]+)\]{1,2}$/, "{$1}"));
  return `/${parts.join("/")}`;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    // Private folders (`_x`) are not routed by Next.
    if (name.startsWith(".") || name.startsWith("_")) return [];
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** Every route.ts under `appDir/under` (e.g. "api/v1") with the methods it exports. */
export function routeFiles(appDir: string, under: string): RouteFile[] {
  return walk(path.join(appDir, under))
    .filter((f) => /[\\/]route\.(ts|tsx|js)$/.test(f))
    .map((f) => {
      const rel = path.relative(appDir, f);
      const methods = [...readFileSync(f, "utf8").matchAll(EXPORTED_METHOD)].map((m) => m[1]).filter((m) => m !== undefined);
      return { file: rel, template: routeTemplate(path.dirname(rel).split(path.sep)), methods: [...new Set(methods)].sort() };
    })
    .sort((a, b) => a.template.localeCompare(b.template));
}

const isParam = (segment: string) => /^\{[^}]+\}$/.test(segment);

/** How well a documented path fits a route (null: not at all). A documented `{id}` fits only a
 *  route's `{id}`; a literal fits the same literal or a parameter (an expansion such as
 *  `servers` for `{type}`). Each step: 1 for a literal route segment, 0 for a parameter. */
function fit(docPath: string, template: string): number[] | null {
  const doc = docPath.split("/");
  const route = template.split("/");
  if (doc.length !== route.length) return null;
  const scores: number[] = [];
  for (const [i, segment] of doc.entries()) {
    const routeSegment = route[i];
    if (routeSegment === undefined) return null; // not reached: the lengths are equal
    if (isParam(routeSegment)) {
      if (isParam(segment) && segment !== routeSegment) return null;
      scores.push(0);
    } else {
      if (segment !== routeSegment) return null;
      scores.push(1);
    }
  }
  return scores;
}

/** The route Next would serve a documented path with: at the first segment where the fitting
 *  routes differ, a literal beats a parameter (`/tags/{id}` is tags/[id], not [type]/[id]). */
export function resolveRoute(docPath: string, routes: RouteFile[]): RouteFile | undefined {
  let best: { route: RouteFile; scores: number[] } | undefined;
  for (const route of routes) {
    const scores = fit(docPath, route.template);
    if (!scores) continue;
    if (!best) {
      best = { route, scores };
      continue;
    }
    const bestScores = best.scores;
    // Both fit the same path, so the score lists have the same length; -1 means they tie.
    const diff = scores.findIndex((s, i) => s !== bestScores[i]);
    const mine = scores[diff];
    const theirs = bestScores[diff];
    if (mine !== undefined && theirs !== undefined && mine > theirs) best = { route, scores };
  }
  return best?.route;
}

/** Route methods no documented operation reaches, and documented operations no route serves. */
export function compareWithDocument(routes: RouteFile[], paths: Record<string, unknown>): { undocumented: string[]; unrouted: string[] } {
  const covered = new Set<string>();
  const unrouted: string[] = [];
  for (const [docPath, item] of Object.entries(paths)) {
    const route = resolveRoute(docPath, routes);
    for (const method of HTTP_METHODS.filter((m) => m.toLowerCase() in (item as object))) {
      if (route?.methods.includes(method)) covered.add(`${method} ${route.template}`);
      else unrouted.push(`${method} ${docPath}${route ? ` (${route.file} has no ${method})` : " (no route file)"}`);
    }
  }
  const undocumented = routes.flatMap((r) => r.methods.map((m) => `${m} ${r.template}`)).filter((op) => !covered.has(op));
  return { undocumented, unrouted };
}

interface Operation {
  parameters?: { name: string; in: string; required?: boolean }[];
  responses?: Record<string, unknown>;
  summary?: string;
}

/** What OpenAPI 3.1 requires of each operation that a JSON dump wouldn't show at a glance:
 *  every `{param}` of its path declared as a required path parameter (on the operation or the
 *  path item) and nothing else declared "in: path", at least one response, and a summary. */
export function operationProblems(paths: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [docPath, raw] of Object.entries(paths)) {
    const item = raw as Operation & Record<string, unknown>;
    const inTemplate = [...docPath.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
    for (const method of HTTP_METHODS.map((m) => m.toLowerCase()).filter((m) => m in item)) {
      const op = item[method] as Operation;
      const where = `${method.toUpperCase()} ${docPath}`;
      const declared = [...(item.parameters ?? []), ...(op.parameters ?? [])].filter((p) => p.in === "path");
      const names = [...new Set(declared.map((p) => p.name))].sort();
      if (names.join() !== inTemplate.join()) problems.push(`${where}: path parameters [${names}] but the template has [${inTemplate}]`);
      if (declared.some((p) => p.required !== true)) problems.push(`${where}: a path parameter must be required`);
      if (!op.responses || Object.keys(op.responses).length === 0) problems.push(`${where}: no responses`);
      if (!op.summary) problems.push(`${where}: no summary`);
    }
  }
  return problems;
}
