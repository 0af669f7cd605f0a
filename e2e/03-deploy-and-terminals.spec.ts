// Deploying with streamed output, container and host shells in the dock that survive
// navigation, and shells refused to a user without the Terminal permission. Runs against the
// agent that scripts/e2e.ts connects to the local Docker engine (the "local" server).
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, signIn, typeInTerminal } from "./helpers";

const SHELL_PROBE = "echo he$((1))llo-$((6*7))"; // the output can't come from local echo

async function newestSession(page: Page, known: string[]) {
  await expect
    .poll(
      async () =>
        (await page.locator("[data-session-id]").evaluateAll((els) => els.map((e) => e.getAttribute("data-session-id")))).filter(
          (id) => id && !known.includes(id),
        ).length,
    )
    .toBe(1);
  const ids = await page.locator("[data-session-id]").evaluateAll((els) => els.map((e) => e.getAttribute("data-session-id")!));
  return ids.find((id) => !known.includes(id))!;
}

test("deploy with live output, then container and host shells that survive navigation", async ({ page }) => {
  await signIn(page, ADMIN);
  const servers = await (await page.request.get("/api/v1/servers?q=local")).json();
  const local = servers.find((s: { name: string }) => s.name === "local");
  expect(local, "scripts/e2e.ts connects a local agent as server 'local'").toBeTruthy();
  await expect.poll(async () => (await (await page.request.get(`/api/v1/servers/${local.id}`)).json()).info.status).toBe("ok");

  await page.goto("/deployments/new");
  await page.getByLabel("Name").fill("e2e-web");
  await page.getByLabel("Server").selectOption({ label: "local" });
  await page.getByLabel("Image").fill("local/busybox:1");
  await page.getByLabel("Command").fill("sh -c 'i=0; while true; do i=$((i+1)); echo beat-$i; sleep 1; done'");
  await page.getByLabel("Termination timeout seconds").fill("1");
  await page.getByRole("button", { name: "Create deployment" }).click();
  await expect(page.getByRole("heading", { name: /e2e-web/ })).toBeVisible();

  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  const output = page.getByTestId("update-output");
  await expect(output).toContainText("Deploying local/busybox:1 as e2e-web on local");
  await expect(output).toContainText("✔ Done", { timeout: 60_000 });
  await expect(page.getByTestId("container-state")).toContainText("Running");

  // A container shell: the probe's arithmetic is done by the shell in the container.
  await page.getByRole("button", { name: "Open shell" }).click();
  const containerSession = await newestSession(page, []);
  await typeInTerminal(page, containerSession, SHELL_PROBE);
  await expect(page.getByTestId(`terminal-${containerSession}`)).toContainText("he1llo-42");
  await page.getByRole("button", { name: "Minimize terminal" }).click();

  // A host shell from the server page, while the first keeps running.
  await page.goto(`/servers/${local.id}`);
  await page.getByRole("button", { name: "Host shell" }).click();
  const hostSession = await newestSession(page, [containerSession]);
  await typeInTerminal(page, hostSession, "echo host-$((2+3))");
  await expect(page.getByTestId(`terminal-${hostSession}`)).toContainText("host-5");

  // Somewhere else entirely, resume the container shell from the dock: scrollback intact.
  await page.getByRole("link", { name: "Updates" }).first().click();
  await expect(page.getByRole("heading", { name: "Updates" })).toBeVisible();
  await page.getByRole("button", { name: "Minimize terminal" }).click();
  await page.getByRole("button", { name: /^Resume e2e-web/ }).click();
  const resumed = page.getByTestId(`terminal-${containerSession}`);
  await expect(resumed).toContainText("he1llo-42");
  await typeInTerminal(page, containerSession, "echo again-$((7*6))");
  await expect(resumed).toContainText("again-42");

  // Each session is on record.
  await expect(page.getByRole("link", { name: "OpenTerminal" }).first()).toBeVisible();
});

test("a user without the Terminal permission gets no shell button, and the socket refuses them", async ({ page, browser }) => {
  await signIn(page, ADMIN);
  const deployment = (await (await page.request.get("/api/v1/deployments?q=e2e-web")).json())[0];
  const bob = { username: `bob-${Date.now()}`, password: "bob-password-1" };
  const user = await (await page.request.post("/api/v1/users", { data: { ...bob, enabled: true } })).json();
  await page.request.post("/api/v1/permissions", {
    data: { userId: user.id, resourceType: "deployment", targetKind: "resource", resourceId: deployment.id, level: "Execute", specific: ["Logs"] },
  });
  const opened = await (await page.request.post("/api/v1/terminals", { data: { targetType: "deployment", targetId: deployment.id } })).json();

  const bobPage = await (await browser.newContext()).newPage();
  await signIn(bobPage, bob);
  await bobPage.goto(`/deployments/${deployment.id}`);
  await expect(bobPage.getByRole("button", { name: "Deploy", exact: true })).toBeVisible();
  await expect(bobPage.getByRole("button", { name: "Open shell" })).toHaveCount(0);

  const refused = await bobPage.request.post("/api/v1/terminals", { data: { targetType: "deployment", targetId: deployment.id } });
  expect(refused.status()).toBe(403);
  // Even with a real session id (the admin's), the terminal socket closes on bob.
  const close = await bobPage.evaluate(
    (sessionId) =>
      new Promise<{ code: number; reason: string }>((resolve) => {
        const ws = new WebSocket(`ws://${location.host}/api/ws/terminal?session=${sessionId}`);
        ws.onclose = (e) => resolve({ code: e.code, reason: e.reason });
      }),
    opened.id,
  );
  expect(close.code).toBe(4404);
});
