// The acceptance walk-through of the foundation: first-run setup, a new user who can't sign
// in until enabled, Read on one Server through a group, and nothing else visible to them.
import { expect, test, type Browser, type Page } from "@playwright/test";

const ADMIN = { username: "admin", password: "admin-password-1" };
const USER = { username: "alice", password: "alice-password-1" };

async function signIn(page: Page, who: { username: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Username").fill(who.username);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function freshPage(browser: Browser) {
  const context = await browser.newContext();
  return context.newPage();
}

test("first-run setup, enabling a user, and Read on one server through a group", async ({ page, browser }) => {
  // First run: every page leads to the setup form, whose account becomes the super-admin.
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Confirm password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page.getByRole("heading", { name: `Welcome, ${ADMIN.username}` })).toBeVisible();

  // Two servers: one through the create form, one through the API with the same session.
  await page.getByRole("link", { name: "Servers" }).first().click();
  await page.getByRole("link", { name: "New server" }).first().click();
  await page.getByLabel("Name").fill("alpha");
  await page.getByLabel("Region").fill("eu-west");
  await page.getByRole("button", { name: "Create server" }).click();
  await expect(page.getByRole("heading", { name: /alpha/ })).toBeVisible();
  const beta = await page.request.post("/api/v1/servers", { data: { name: "beta" } });
  expect(beta.status()).toBe(201);
  const betaId = (await beta.json()).id as string;

  // A new user starts disabled.
  await page.goto("/admin/users");
  await page.getByLabel("Username").fill(USER.username);
  await page.getByLabel("Password").fill(USER.password);
  await page.getByRole("button", { name: "Create" }).click();
  const row = page.getByTestId(`user-row-${USER.username}`);
  await expect(row.getByText("Disabled")).toBeVisible();

  const userPage = await freshPage(browser);
  await signIn(userPage, USER);
  await expect(userPage.getByTestId("login-error")).toContainText("waiting for an administrator");

  await row.getByRole("button", { name: "Enable" }).click();
  await expect(row.getByText("Enabled")).toBeVisible();

  // Read on alpha, granted to a group the user belongs to.
  await page.goto("/admin/groups");
  await page.getByLabel("Name").fill("viewers");
  await page.getByRole("button", { name: "Create group" }).click();
  await expect(page.getByRole("heading", { name: "viewers" })).toBeVisible();
  await page.getByLabel("Add member").selectOption({ label: USER.username });
  await expect(page.getByTestId("members")).toContainText(USER.username);
  await page.getByLabel("Resource type").selectOption("server");
  await page.getByLabel("Applies to").selectOption("resource");
  await page.getByLabel("Resource", { exact: true }).selectOption({ label: "alpha" });
  await page.getByLabel("Level").selectOption("Read");
  await page.getByRole("button", { name: "Grant" }).click();
  await expect(page.getByTestId("grants")).toContainText("alpha");

  // The user now signs in and sees alpha only, read-only.
  await signIn(userPage, USER);
  await expect(userPage.getByRole("heading", { name: `Welcome, ${USER.username}` })).toBeVisible();
  await expect(userPage.getByRole("link", { name: "Users" })).toHaveCount(0);
  await userPage.goto("/servers");
  const table = userPage.getByTestId("resource-table");
  await expect(table.getByRole("link", { name: "alpha" })).toBeVisible();
  await expect(table.getByRole("link", { name: "beta" })).toHaveCount(0);
  await expect(userPage.getByRole("link", { name: "New server" })).toHaveCount(0);

  await table.getByRole("link", { name: "alpha" }).click();
  await expect(userPage.getByRole("heading", { name: /alpha/ })).toBeVisible();
  await userPage.getByRole("tab", { name: "Configuration" }).click();
  await expect(userPage.getByLabel("Region")).toHaveValue("eu-west");
  await expect(userPage.getByLabel("Region")).toBeDisabled();
  await expect(userPage.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await expect(userPage.getByRole("button", { name: "Save" })).toHaveCount(0);

  // Another server's URL looks like nothing at all, in the page and in the API.
  const response = await userPage.goto(`/servers/${betaId}`);
  expect(response?.status()).toBe(404);
  await expect(userPage.getByRole("heading", { name: "Not found" })).toBeVisible();
  expect((await userPage.request.get(`/api/v1/servers/${betaId}`)).status()).toBe(404);
  expect((await userPage.request.delete(`/api/v1/servers/${betaId}`)).status()).toBe(404);
});
