// A secret written through the API never reaches a page's HTML (the API, database and log
// sides are covered by tests/integration/secrets.integration.test.ts).
import { expect, test } from "@playwright/test";

test("a credential token is masked on every page that shows the credential", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password").fill("admin-password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();

  const token = `ghp_e2e_${Date.now()}_do-not-leak`;
  const created = await page.request.post("/api/v1/credentials", { data: { name: `gh-${Date.now()}`, config: { username: "bot", token } } });
  expect(created.status()).toBe(201);
  const { id } = await created.json();

  for (const path of [`/credentials/${id}`, "/credentials", "/updates"]) {
    const res = await page.goto(path);
    expect(await res!.text()).not.toContain(token);
    await page.waitForLoadState("networkidle");
    expect(await page.content()).not.toContain(token);
  }
  await page.goto(`/credentials/${id}`);
  await expect(page.getByLabel("Token (secret)")).toHaveAttribute("placeholder", "••••••••");
});
