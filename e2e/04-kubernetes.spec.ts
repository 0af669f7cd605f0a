// A Kubernetes service as an on-call developer meets it: its timeline and health, scaling it
// from the UI, and shells in two of its pods that survive navigating to the Health page.
// scripts/e2e.ts connects a cluster-mode agent to the local cluster as cluster "local".
import { execFileSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, signIn, typeInTerminal } from "./helpers";

const ns = `e2e-${Date.now().toString(36)}`;
const kubectl = (args: string[], input?: string) =>
  execFileSync("kubectl", args, { input, encoding: "utf8", env: { ...process.env, KUBECONFIG: process.env.E2E_KUBECONFIG } });

test.beforeAll(() => {
  kubectl(["create", "namespace", ns]);
  const deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "e2e-svc", namespace: ns },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "e2e-svc" } },
      template: {
        metadata: { labels: { app: "e2e-svc" } },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [{ name: "app", image: "local/busybox:1", imagePullPolicy: "Never", command: ["sleep", "3600"] }],
        },
      },
    },
  };
  kubectl(["apply", "-f", "-"], JSON.stringify(deployment));
});

test.afterAll(() => {
  kubectl(["delete", "namespace", ns, "--wait=false"]);
});

async function newSession(page: Page, known: string[]) {
  await expect
    .poll(
      async () =>
        (await page.locator("[data-session-id]").evaluateAll((els) => els.map((e) => e.getAttribute("data-session-id")))).filter(
          (id) => id && !known.includes(id),
        ).length,
    )
    .toBe(1);
  return (await page.locator("[data-session-id]").evaluateAll((els) => els.map((e) => e.getAttribute("data-session-id")!))).find((id) => !known.includes(id))!;
}

test("service timeline and health, scale from the UI, and two pod shells resumed after navigating", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, ADMIN);
  await page.getByRole("link", { name: "Services" }).click();
  const row = page.getByTestId("service-table").getByRole("row").filter({ hasText: ns });
  await expect(row).toContainText("2/2", { timeout: 90_000 });
  await row.getByRole("link", { name: "e2e-svc" }).click();

  await expect(page.getByTestId("timeline")).toContainText("e2e-svc", { timeout: 30_000 });
  await page.getByRole("tab", { name: "health" }).click();
  await expect(page.getByTestId("monitors")).toContainText("livenessProbeMissing");

  await page.getByLabel("Replicas").fill("3");
  await page.getByRole("button", { name: "Scale" }).click();
  await expect(page.getByTestId("update-output")).toContainText("✔ Done", { timeout: 60_000 });
  await expect.poll(() => kubectl(["-n", ns, "get", "deployment", "e2e-svc", "-o", "jsonpath={.spec.replicas}"])).toBe("3");
  await expect(page.getByTestId("replicas")).toContainText("3/3", { timeout: 60_000 });

  await page.getByRole("tab", { name: /Pods/ }).click();
  const shells = page.getByTestId("pods").getByRole("button", { name: "Shell" });
  await shells.nth(0).click();
  const first = await newSession(page, []);
  await typeInTerminal(page, first, "echo he$((1))llo-$((6*7))");
  await expect(page.getByTestId(`terminal-${first}`)).toContainText("he1llo-42");
  await page.getByRole("button", { name: "Minimize terminal" }).click();

  await shells.nth(1).click();
  const second = await newSession(page, [first]);
  await typeInTerminal(page, second, "echo second-$((1+1))");
  await expect(page.getByTestId(`terminal-${second}`)).toContainText("second-2");

  await page.getByRole("link", { name: "Health" }).click();
  await expect(page.getByRole("heading", { name: "Health", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Minimize terminal" }).click();
  await page
    .getByRole("button", { name: /^Resume e2e-svc-/ })
    .first()
    .click();
  await expect(page.getByTestId(`terminal-${first}`)).toContainText("he1llo-42");
  await typeInTerminal(page, first, "echo back-$((40+2))");
  await expect(page.getByTestId(`terminal-${first}`)).toContainText("back-42");
});

test("create a resource from YAML on the cluster page, reviewing it first", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.getByRole("link", { name: "Clusters", exact: true }).click();
  // The overview also links "local" (recent Updates, the server): wait for the list before picking.
  await expect(page.getByRole("heading", { name: "Clusters" })).toBeVisible();
  await page.getByRole("link", { name: "local", exact: true }).click();
  await page.getByRole("button", { name: "Create from YAML" }).click();
  const manifest = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: made-in-browser\n  namespace: ${ns}\ndata:\n  mode: e2e\n`;
  await page.getByLabel("Manifest (YAML)").fill(manifest.replace("name: made-in-browser\n", ""));
  await expect(page.getByTestId("yaml-editor")).toContainText("metadata.name");
  await page.getByLabel("Manifest (YAML)").fill(manifest);
  await page.getByRole("button", { name: "Review changes" }).click();
  await expect(page.getByTestId("yaml-diff")).toContainText("+ kind: ConfigMap");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page.getByTestId("update-output")).toContainText("✔ Done", { timeout: 60_000 });
  expect(kubectl(["-n", ns, "get", "configmap", "made-in-browser", "-o", "jsonpath={.data.mode}"])).toBe("e2e");
});

test("a workload under a HorizontalPodAutoscaler says so where it can be scaled, as soon as the cluster reports it", async ({ page }) => {
  test.setTimeout(90_000);
  const feed: string[] = [];
  page.on("websocket", (socket) => socket.on("framereceived", ({ payload }) => void feed.push(String(payload))));
  await signIn(page, ADMIN);
  await page.getByRole("link", { name: "Services" }).click();
  await page.getByTestId("service-table").getByRole("row").filter({ hasText: ns }).getByRole("link", { name: "e2e-svc" }).click();
  await expect(page.getByRole("heading", { name: "e2e-svc" })).toBeVisible();
  await expect(page.getByTestId("autoscaler")).toHaveCount(0);

  // The range includes the current replica count, so the autoscaler has nothing to change.
  const hpa = {
    apiVersion: "autoscaling/v1",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: "e2e-svc-hpa", namespace: ns },
    spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "e2e-svc" }, minReplicas: 1, maxReplicas: 5 },
  };
  kubectl(["apply", "-f", "-"], JSON.stringify(hpa));
  // The agent's watch brings the autoscaler in; the live feed tells the open page, which refetches.
  await expect(page.getByTestId("autoscaler")).toContainText("e2e-svc-hpa: 1–5 replicas", { timeout: 30_000 });
  expect(feed.map((f) => JSON.parse(f) as { type: string; clusterId?: string })).toContainEqual(expect.objectContaining({ type: "kube.changed" }));
  await expect(page.getByTestId("autoscaler-hint")).toContainText("a manual scale lasts only until its next evaluation");
});
