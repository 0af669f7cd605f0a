// A ResourceSync from its page: the plan of a UI sync's TOML shows a create with its field diff;
// a world that moves on between showing the plan and executing it is refused and the new plan
// shown instead; executing applies it with live output, after which the plan is empty; and TOML
// with a bad value, saved from the editor, lists the error at its line and jumps there.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./helpers";

test("a sync's plan shows its diff, refuses a stale plan, executes to an empty plan, and puts a TOML error at its line", async ({ page }) => {
  await signIn(page, ADMIN);
  const stamp = Date.now().toString(36);
  const variable = `E2E_SYNC_${stamp}`;
  const syncName = `e2e-sync-${stamp}`;
  const toml = `[[variable]]\nname = "${variable}"\nvalue = "from-sync"\n`;
  const created = await page.request.post("/api/v1/syncs", { data: { name: syncName, config: { source: "ui", contents: toml, includeVariables: true } } });
  expect(created.status()).toBe(201);
  const sync = (await created.json()) as { id: string };

  await page.goto(`/syncs/${sync.id}`);
  const row = page.getByTestId(`plan-item-variable:${variable}`);
  await expect(page.getByTestId("plan-group-create")).toContainText(variable);
  await row.getByRole("button", { name: `Show the changes to Variable ${variable}` }).click();
  const diff = page.getByTestId(`diff-variable:${variable}`);
  await expect(diff).toContainText("config.value");
  await expect(diff).toContainText("unset");
  await expect(diff).toContainText("from-sync");

  // Someone creates the variable while the plan is on screen: executing that plan is refused,
  // and the page shows the new plan (an update from their value) rather than applying anything.
  const theirs = await page.request.post("/api/v1/variables", { data: { name: variable, config: { value: "theirs" } } });
  expect(theirs.status()).toBe(201);
  await page.getByRole("button", { name: "Execute all" }).click();
  let dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(`Variable ${variable}`);
  await dialog.getByRole("button", { name: "Execute", exact: true }).click();
  await expect(page.getByTestId("plan-changed")).toContainText("The plan changed — review the new plan");
  await expect(page.getByTestId("plan-group-update")).toContainText(variable);
  await expect(page.getByTestId("plan-group-create")).toHaveCount(0);
  expect(((await (await page.request.get(`/api/v1/variables/${(await theirs.json()).id}`)).json()) as { config: { value: string } }).config.value).toBe(
    "theirs",
  );

  // The item stays open across plans (same key): its diff is now from their value.
  await expect(page.getByTestId(`diff-variable:${variable}`)).toContainText("theirs");
  await page.getByRole("button", { name: "Execute all" }).click();
  dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("update");
  await dialog.getByRole("button", { name: "Execute", exact: true }).click();
  const output = page.getByTestId("update-output");
  await expect(output).toContainText(`update variable ${variable}: config.value`);
  await expect(output).toContainText("✔ Done");
  // The run's end asks for a new plan: nothing left to do.
  await expect(page.getByText("Nothing to do")).toBeVisible();
  await expect(page.getByTestId("plan-count-updates")).toHaveText("0");
  await expect(page.getByTestId("plan-changed")).toHaveCount(0);
  const list = (await (await page.request.get(`/api/v1/variables?q=${variable}`)).json()) as { name: string; config: { value: string } }[];
  expect(list.find((v) => v.name === variable)?.config.value).toBe("from-sync");

  // Someone changes the variable by hand and a plan is computed elsewhere (a webhook, a poll,
  // another user): the live sync info says the plan on screen is out of date, and one click shows the new one.
  const mine = list.find((v) => v.name === variable) as unknown as { id: string };
  expect((await page.request.patch(`/api/v1/variables/${mine.id}`, { data: { config: { value: "drifted" } } })).status()).toBe(200);
  expect((await page.request.post(`/api/v1/syncs/${sync.id}/plan`)).status()).toBe(201);
  await page.getByTestId("plan-newer").getByRole("button", { name: "Show it" }).click();
  await expect(page.getByTestId("plan-group-update")).toContainText(variable);
  await expect(page.getByTestId("plan-newer")).toHaveCount(0);

  // A value of the wrong type, typed into the editor and saved: the error is listed at its
  // file, line and column, and clicking it puts the editor's cursor on that line.
  const editor = page.getByRole("textbox", { name: `${syncName}.toml` });
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(`[[variable]]\nname = "${variable}"\nvalue = 42\n`);
  await page.getByRole("button", { name: "Save and plan" }).click();
  const errors = page.getByTestId("plan-errors");
  await expect(errors).toContainText("value is a string");
  const place = errors.getByRole("button", { name: new RegExp(`^${syncName}\\.toml:3:\\d+$`) });
  await expect(place).toBeVisible();
  await expect(page.getByTestId("plan-count-errors")).toHaveText("1");
  await expect(page.getByRole("button", { name: "Execute all" })).toHaveCount(0);
  await place.click();
  await expect(editor).toBeFocused();
  await expect(page.locator(".cm-lineNumbers .cm-activeLineGutter")).toHaveText("3");
  await expect(page.getByTestId("code-editor")).toHaveAttribute("data-invalid", "true");
  // The Configuration form follows what the editor saved instead of offering to save the old text back.
  await page.getByRole("tab", { name: "Configuration" }).click();
  await expect(page.getByLabel(/contents/i)).toHaveValue(/value = 42/);
  await expect(page.getByText("Unsaved changes")).toHaveCount(0);
});

test("the Export page shows the selection as TOML and downloads it", async ({ page }) => {
  await signIn(page, ADMIN);
  const name = `E2E_EXPORT_${Date.now().toString(36)}`;
  expect((await page.request.post("/api/v1/variables", { data: { name, config: { value: "exported" } } })).status()).toBe(201);
  await page.getByRole("link", { name: "Export" }).click();
  await expect(page.getByRole("heading", { name: "Export" })).toBeVisible();
  await page.getByRole("checkbox", { name: "Variables" }).check();
  await page.getByLabel("Names").fill(name);
  await page.getByLabel("Names").press("Enter");
  const editor = page.getByRole("textbox", { name: "Exported TOML" });
  await expect(editor).toContainText(`name = "${name}"`);
  await expect(editor).toContainText(`value = "exported"`);
  await expect(page.getByText("· 1 resource", { exact: true })).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("wheelhouse.toml");
  expect(readFileSync((await file.path())!, "utf8")).toBe(`[[variable]]\nname = "${name}"\nvalue = "exported"\n`);
});
