// Developer tool: signs in and saves screenshots of pages, to look at the app as a user does.
//   npx tsx scripts/screenshots.ts <outDir> <username> <password> /path [/path …]
// Needs a running app (npm run dev) and Debian's chromium (scripts/ensure-chromium.sh).
import { chromium } from "@playwright/test";

async function main() {
  const [outDir, username, password, ...paths] = process.argv.slice(2);
  if (outDir === undefined || username === undefined || password === undefined)
    throw new Error("Usage: npx tsx scripts/screenshots.ts <outDir> <username> <password> /path [/path …]");
  const base = process.env.BASE_URL ?? "http://127.0.0.1:3000";
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  const page = await browser.newPage({ viewport: { width: Number(process.env.WIDTH ?? 1400), height: Number(process.env.HEIGHT ?? 900) } });
  if (process.env.DARK) await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(`${base}/login`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  for (const p of paths) {
    await page.goto(`${base}${p}`);
    await page.waitForLoadState("networkidle");
    const file = `${outDir}/${p.replace(/[^a-z0-9]+/gi, "_") || "root"}.png`;
    await page.screenshot({ path: file, fullPage: true });
    console.log(file);
  }
  await browser.close();
}

void main();
