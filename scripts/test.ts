// `npm test`: every check CI runs, in order, stopping at the first failure:
// lint, typecheck, schema/migration drift, unit, the real services the next stages need
// (Docker engine, local Kubernetes cluster), integration (real PostgreSQL), e2e
// (production build + Debian Chromium). Ends with one "N passed, N failed" line.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { bin, run } from "./lib/run";

const RESULTS = ".data/results";

interface Step {
  name: string;
  cmd: string;
  args: string[];
}

const STEPS: Step[] = [
  { name: "lint", cmd: bin("eslint"), args: ["--max-warnings=0", "."] },
  { name: "format", cmd: bin("prettier"), args: ["--check", "."] },
  { name: "typecheck", cmd: bin("tsc"), args: ["--noEmit"] },
  { name: "migrations match the schema", cmd: bin("tsx"), args: ["scripts/migrate-check.ts"] },
  { name: "unit", cmd: bin("vitest"), args: ["run", "--project", "unit", "--reporter=default", "--reporter=json", `--outputFile.json=${RESULTS}/unit.json`] },
  // Provisioned here, up front and without a time limit, rather than from the tests' hooks:
  // on a fresh machine the cluster is compiled first (10-20 min), far longer than any hook
  // may wait. Once cached, both steps take seconds.
  { name: "docker engine", cmd: "bash", args: ["scripts/ensure-docker.sh"] },
  { name: "kubernetes cluster", cmd: "bash", args: ["scripts/ensure-k8s.sh"] },
  { name: "test tools", cmd: "bash", args: ["scripts/ensure-test-tools.sh"] },
  {
    name: "integration",
    cmd: bin("tsx"),
    args: [
      "scripts/with-db.ts",
      "vitest",
      "run",
      "--project",
      "integration",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${RESULTS}/integration.json`,
    ],
  },
  { name: "e2e", cmd: bin("tsx"), args: ["scripts/e2e.ts"] },
];

function counts(): { passed: number; failed: number; skipped: number } {
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const file of ["unit", "integration"]) {
    const path = `${RESULTS}/${file}.json`;
    if (!existsSync(path)) continue;
    const r = JSON.parse(readFileSync(path, "utf8"));
    total.passed += r.numPassedTests ?? 0;
    total.failed += r.numFailedTests ?? 0;
    total.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  }
  const e2e = `${RESULTS}/e2e.json`;
  if (existsSync(e2e)) {
    const s = JSON.parse(readFileSync(e2e, "utf8")).stats ?? {};
    total.passed += (s.expected ?? 0) + (s.flaky ?? 0);
    total.failed += s.unexpected ?? 0;
    total.skipped += s.skipped ?? 0;
  }
  return total;
}

async function main() {
  rmSync(RESULTS, { recursive: true, force: true });
  mkdirSync(RESULTS, { recursive: true });
  const only = process.argv.slice(2);
  let failedStep: string | null = null;
  for (const step of STEPS) {
    if (only.length && !only.includes(step.name)) continue;
    console.log(`\n━━ ${step.name} ━━`);
    const code = await run(step.cmd, step.args, { NEXT_TELEMETRY_DISABLED: "1" });
    if (code !== 0) {
      failedStep = step.name;
      break;
    }
  }
  const c = counts();
  if (failedStep) console.error(`\n✖ ${failedStep} failed`);
  // Read by CI: the totals of every test that ran.
  console.log(`\n${c.passed} passed, ${c.failed + (failedStep && c.failed === 0 ? 1 : 0)} failed${c.skipped ? `, ${c.skipped} skipped` : ""}`);
  process.exit(failedStep ? 1 : 0);
}

void main();
