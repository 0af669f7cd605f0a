// `npm run dev` on a machine with nothing set up: no DATABASE_URL, no secrets, no data
// folder. It must initialise its own PostgreSQL, generate secrets, migrate, and serve the
// first-run page. How fast is bench/first-run.ts's business, not this test's (a slow CI
// machine must not fail it): the bound below only stops a hung start from hanging the suite.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { startFreshDev, type FreshDev } from "../helpers/fresh-dev";

let dev: FreshDev | undefined;
afterAll(() => dev?.stop());

it("serves the first-run setup page from a fresh data folder", { timeout: 300_000 }, async () => {
  dev = startFreshDev(3291, 54391);
  const { page, elapsedMs } = await dev.setupPage(240_000);
  console.info(`npm run dev served /setup ${(elapsedMs / 1000).toFixed(1)} s after it started (bench/first-run.ts measures this against the 60 s target)`);
  expect(page, `npm run dev did not serve /setup. Output:\n${dev.output().slice(-3000)}`).toContain("Create the administrator");

  const secrets = readFileSync(path.join(dev.dataDir, "local.env"), "utf8");
  expect(secrets).toMatch(/^NEXTAUTH_SECRET=.+$/m);
  expect(secrets).toMatch(/^WHEELHOUSE_SECRET_KEY=.+$/m);
  expect(existsSync(path.join(dev.dataDir, "postgres", "PG_VERSION"))).toBe(true);
});
