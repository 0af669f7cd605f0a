// Each dashboard route's first-load JavaScript, gzipped, against the 200 KB goal: what a
// browser downloads before the page is interactive. Reads the production build's own
// per-route chunk list (.next/diagnostics/route-bundle-stats.json, written by `next build`).
//   npx tsx bench/bundle.ts            # builds first
//   npx tsx bench/bundle.ts --no-build # reads the last build
import { existsSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { loadLocalEnv } from "@/scripts/lib/local-env";
import { bin, runOrExit } from "@/scripts/lib/run";

const GOAL_KB = 200;
const STATS = ".next/diagnostics/route-bundle-stats.json";

interface RouteStats {
  route: string;
  firstLoadUncompressedJsBytes: number;
  firstLoadChunkPaths: string[];
}

async function main() {
  if (!process.argv.includes("--no-build"))
    await runOrExit(bin("next"), ["build"], { ...loadLocalEnv(), NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" });
  if (!existsSync(STATS)) throw new Error(`${STATS} is missing: run without --no-build`);
  const routes = (JSON.parse(readFileSync(STATS, "utf8")) as RouteStats[]).filter((r) => !r.route.startsWith("/api/") && !r.route.startsWith("/_"));
  const gzipped = new Map<string, number>();
  const sizeOf = (chunk: string) => {
    if (!gzipped.has(chunk)) gzipped.set(chunk, gzipSync(readFileSync(chunk), { level: 9 }).length);
    return gzipped.get(chunk)!;
  };
  const rows = routes
    .map((r) => ({ route: r.route, kb: r.firstLoadChunkPaths.reduce((n, c) => n + sizeOf(c), 0) / 1024, rawKb: r.firstLoadUncompressedJsBytes / 1024 }))
    .sort((a, b) => b.kb - a.kb);
  const width = Math.max(...rows.map((r) => r.route.length));
  console.log(`${"route".padEnd(width)}  first-load JS (gzip)  uncompressed`);
  for (const r of rows)
    console.log(`${r.route.padEnd(width)}  ${r.kb.toFixed(1).padStart(9)} KB ${r.kb > GOAL_KB ? "over" : "    "}      ${r.rawKb.toFixed(0).padStart(6)} KB`);
  const over = rows.filter((r) => r.kb > GOAL_KB).length;
  console.log(`\n${rows.length} routes; largest ${rows[0]?.kb.toFixed(1)} KB; ${over} over the ${GOAL_KB} KB goal`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
