import { expect, type Page } from "@playwright/test";

/** Created by 01-first-run-and-rbac.spec.ts; the specs run in file order. */
export const ADMIN = { username: "admin", password: "admin-password-1" };

export async function signIn(page: Page, who: { username: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Username").fill(who.username);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: `Welcome, ${who.username}` })).toBeVisible();
}

/** Types into the xterm of a session; the keystrokes travel browser → core → agent → shell. */
export async function typeInTerminal(page: Page, sessionId: string, text: string) {
  const terminal = page.getByTestId(`terminal-${sessionId}`);
  // xterm is loaded and opened after its container appears: keys typed before it has its input
  // would go to whatever had focus (the button that opened the shell).
  const input = terminal.locator(".xterm-helper-textarea");
  await expect(input).toBeAttached();
  await terminal.click();
  await expect(input).toBeFocused();
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}
