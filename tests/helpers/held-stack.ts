// A stack whose deploy stays in flight until the test lets it finish, without host access: its
// `gate` service turns healthy only once /tmp/open exists in it, and `app` waits for that
// (depends_on: service_healthy), so `compose up` waits too. The test opens the gate with a
// `docker exec`, as an operator would.
import { docker } from "@/agent/docker/client";
import { until } from "./core-agent";

export function heldCompose(appEnvironment: Record<string, string> = {}): string {
  const env = Object.entries(appEnvironment)
    .map(([k, v]) => `      ${k}: "${v}"\n`)
    .join("");
  return (
    `services:\n` +
    `  gate:\n    image: local/busybox:1\n    command: ["sleep", "3600"]\n    stop_grace_period: 1s\n` +
    `    healthcheck:\n      test: ["CMD", "test", "-e", "/tmp/open"]\n      interval: 1s\n      retries: 100000\n` +
    `  app:\n    image: local/busybox:1\n    command: ["sleep", "3600"]\n    stop_grace_period: 1s\n` +
    `    depends_on:\n      gate:\n        condition: service_healthy\n` +
    (env ? `    environment:\n${env}` : "")
  );
}

export const projectContainers = (project: string) => docker().listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });

/** Removes the project's containers (by the ids Docker lists for it), so the next deploy waits at a closed gate. */
/** Removes a compose project's containers and networks (each leaked network uses one of Docker's ~30 address pools). */
export async function removeProject(project: string): Promise<void> {
  for (const c of await projectContainers(project).catch(() => []))
    await docker()
      .getContainer(c.Id)
      .remove({ force: true })
      .catch(() => {});
  const networks = await docker()
    .listNetworks({ filters: { label: [`com.docker.compose.project=${project}`] } })
    .catch(() => []);
  for (const n of networks)
    await docker()
      .getNetwork(n.Id)
      .remove()
      .catch(() => {});
}

/** Waits until the deploy is held at the gate: the gate container runs, not yet healthy. */
export async function heldAtGate(project: string): Promise<string> {
  return until(
    async () => {
      const gate = (await projectContainers(project)).find((c) => c.Labels["com.docker.compose.service"] === "gate" && c.State === "running");
      return gate?.Id;
    },
    `the deploy of ${project} to wait at its gate`,
    60_000,
  );
}

export async function openGate(project: string): Promise<void> {
  const gateId = await heldAtGate(project);
  const exec = await docker()
    .getContainer(gateId)
    .exec({ Cmd: ["touch", "/tmp/open"] });
  await exec.start({ Detach: true });
}
