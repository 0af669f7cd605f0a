// `npm run dev` on a machine with nothing set up: no DATABASE_URL, no secrets, no data
// folder. It must initialise its own PostgreSQL, generate secrets, migrate, and serve the
// first-run page. How fast is bench/first-run.ts's business, not this test's (a slow CI
// machine must not fail it): the bound below only stops a hung start from hanging the suite.
// The page it serves also carries the app's icons from public/, and the server it runs keys
// sign-in throttling on the connection's own address.
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
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

  await expectIcons(page, 3291);
});

/** Links with these rels in the page's head, as { rel, href, sizes }. */
function headLinks(page: string, rels: string[]) {
  const attr = (tag: string, name: string) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
  return [...page.matchAll(/<link\b[^>]*>/g)]
    .map(([tag]) => ({ rel: attr(tag, "rel") ?? "", href: attr(tag, "href") ?? "", sizes: attr(tag, "sizes") }))
    .filter((link) => rels.includes(link.rel));
}

/** PNG width and height from its IHDR chunk, or null if the bytes aren't a PNG. */
function pngSize(bytes: Buffer): string | null {
  if (!bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return null;
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

// The favicon and app icons come from public/ through the layout's metadata, and every one the
// page or the web manifest names is served, is the image it claims to be, and has its stated size.
async function expectIcons(page: string, port: number) {
  const base = `http://127.0.0.1:${port}`;
  const links = headLinks(page, ["icon", "apple-touch-icon", "manifest"]);
  expect(links.map((l) => l.href).sort()).toEqual(["/apple-touch-icon.png", "/favicon.ico", "/icon.svg", "/manifest.webmanifest"]);
  const manifestRes = await fetch(base + "/manifest.webmanifest");
  expect(manifestRes.status).toBe(200);
  const manifest = (await manifestRes.json()) as { name: string; icons: { src: string; type: string; sizes: string }[] };
  expect(manifest.name).toBe("Wheelhouse");
  const icons = [...links.filter((l) => l.rel !== "manifest"), ...manifest.icons.map((i) => ({ href: i.src, sizes: i.sizes }))];
  for (const { href, sizes } of icons) {
    const res = await fetch(base + href);
    expect(res.status, href).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    if (href.endsWith(".svg")) expect(bytes.toString("utf8"), href).toMatch(/^<svg [^>]*viewBox=/);
    else if (href.endsWith(".ico")) expect([...bytes.subarray(0, 4)], href).toEqual([0, 0, 1, 0]);
    else {
      expect(pngSize(bytes), `${href} is a PNG`).not.toBeNull();
      if (sizes && sizes !== "any") expect(pngSize(bytes), href).toBe(sizes);
    }
  }
}

/** One HTTP exchange from a chosen loopback address (127.0.0.0/8 is all ours). */
function request(port: number, from: string, method: string, urlPath: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; cookies: string[]; text: string }>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, localAddress: from, method, path: urlPath, headers }, (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, cookies: res.headers["set-cookie"] ?? [], text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** A password sign-in through next-auth's endpoints, as the login form does it; the error it reports, "" if none. */
async function signIn(port: number, from: string, spoofed: Record<string, string> = {}): Promise<string> {
  const csrf = await request(port, from, "GET", "/api/auth/csrf", {});
  const cookie = csrf.cookies.map((c) => c.split(";")[0]).join("; ");
  const body = new URLSearchParams({
    csrfToken: (JSON.parse(csrf.text) as { csrfToken: string }).csrfToken,
    username: "nobody",
    password: "wrong password",
    json: "true",
  }).toString();
  const res = await request(
    port,
    from,
    "POST",
    "/api/auth/callback/credentials",
    { cookie, "content-type": "application/x-www-form-urlencoded", ...spoofed },
    body,
  );
  return new URL((JSON.parse(res.text) as { url: string }).url).searchParams.get("error") ?? "";
}

it("throttles sign-in by the connection's address; headers a client makes up don't change it", { timeout: 300_000 }, async () => {
  expect(dev, "the first test started the server").toBeDefined();
  for (let i = 0; i < 10; i++) expect(await signIn(3291, "127.0.0.2")).toBe("Wrong username or password");
  // The server overwrites the peer header and, trusting no proxy, ignores X-Forwarded-For.
  const spoofed = { "x-wheelhouse-peer": "198.51.100.9", "x-forwarded-for": "198.51.100.9" };
  expect(await signIn(3291, "127.0.0.2", spoofed)).toMatch(/^Too many failed sign-in attempts/);
  // Another address is its own bucket.
  expect(await signIn(3291, "127.0.0.3")).toBe("Wrong username or password");
});
