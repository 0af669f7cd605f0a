// Server housekeeping on the server page, against the agent scripts/e2e.ts connects to the local
// Docker engine (the "local" server): the start/stop/restart-all buttons ask first, a volume is
// deleted from its inventory row with live output, and someone with only Read on the server
// gets no execution buttons and delete buttons disabled with the reason.
import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./helpers";

const docker = (...args: string[]) => execFileSync("docker", args, { encoding: "utf8" }).trim();

test("stop and restart all ask first; a volume is deleted from its row; Read gets disabled buttons with the reason", async ({ page, browser }) => {
  await signIn(page, ADMIN);
  const local = ((await (await page.request.get("/api/v1/servers?q=local")).json()) as { id: string; name: string }[]).find((s) => s.name === "local");
  expect(local, "scripts/e2e.ts connects a local agent as server 'local'").toBeTruthy();
  await expect.poll(async () => (await (await page.request.get(`/api/v1/servers/${local!.id}`)).json()).info.status).toBe("ok");
  const volume = `e2e-hk-${Date.now().toString(36)}`;
  docker("volume", "create", volume);
  try {
    await page.goto(`/servers/${local!.id}`);
    await page.getByRole("tab", { name: "Docker" }).click();
    await expect(page.getByRole("button", { name: "Start all", exact: true })).toBeVisible();

    // The engine is shared with the rest of the machine: the confirmations are only opened and cancelled.
    for (const label of ["Stop all", "Restart all"]) {
      await page.getByRole("button", { name: label, exact: true }).click();
      const dialog = page.getByRole("dialog");
      await expect(dialog).toContainText("never the Wheelhouse agent's own container");
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await expect(dialog).toBeHidden();
    }

    const row = page.getByTestId("inventory-volumes").getByRole("row").filter({ hasText: volume });
    await row.getByRole("button", { name: `Delete volume ${volume}` }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toContainText("refused while a container uses it");
    await dialog.getByRole("button", { name: "Delete", exact: true }).click();
    const output = page.getByTestId("update-output");
    await expect(output).toContainText(`Deleted volume ${volume}`);
    await expect(output).toContainText("✔ Done");
    await expect(page.getByTestId("inventory-volumes").getByRole("row").filter({ hasText: volume })).toHaveCount(0);
    expect(docker("volume", "ls", "-q", "--filter", `name=^${volume}$`)).toBe("");
  } finally {
    execFileSync("docker", ["volume", "rm", "-f", volume]);
  }

  const carol = { username: `carol-${Date.now()}`, password: "carol-password-1" };
  const user = await (await page.request.post("/api/v1/users", { data: { ...carol, enabled: true } })).json();
  await page.request.post("/api/v1/permissions", {
    data: { userId: user.id, resourceType: "server", targetKind: "resource", resourceId: local!.id, level: "Read", specific: [] },
  });
  const carolPage = await (await browser.newContext()).newPage();
  await signIn(carolPage, carol);
  await carolPage.goto(`/servers/${local!.id}`);
  await carolPage.getByRole("tab", { name: "Docker" }).click();
  const bridge = carolPage.getByTestId("inventory-networks").getByRole("row").filter({ hasText: "bridge" }).first();
  const del = bridge.getByRole("button", { name: /^Delete network/ });
  await expect(del).toBeDisabled();
  await expect(del).toHaveAttribute("title", "Deleting needs Execute permission on this server");
  await expect(carolPage.getByRole("button", { name: "Stop all", exact: true })).toHaveCount(0);
});
