import { handler } from "@/lib/api/handler";
import { notFound } from "@/lib/errors";
import { namespacedTarget } from "@/lib/kube/scope";
import { openTerminal, ZOpenTerminalInput } from "@/lib/terminal/open";
import { parseInput } from "@/lib/validation";

// A shell in a pod: exec:pod on the pod's namespace (part of its identity), checked here and
// again inside openTerminal with the agent's podExec flag.
export const POST = handler(
  {
    permission: "execute",
    target: ({ body }) => {
      const input = parseInput(ZOpenTerminalInput, body);
      if (input.targetType !== "pod") throw notFound("Route");
      return namespacedTarget(input.clusterId, input.namespace, "exec:pod");
    },
  },
  async ({ actor, body }) => openTerminal(actor, body),
);
