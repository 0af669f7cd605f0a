import { handler } from "@/lib/api/handler";
import { notFound } from "@/lib/errors";
import { openTerminal, ZOpenTerminalInput } from "@/lib/terminal/open";
import { parseInput } from "@/lib/validation";

// A shell in a pod. Kubernetes RBAC (exec:pod on the namespace) and the agent's podExec flag
// are checked inside openTerminal; the wrapper requires a signed-in user.
export const POST = handler(
  {
    permission: "list",
    target: ({ body }) => {
      if (parseInput(ZOpenTerminalInput, body).targetType !== "pod") throw notFound("Route");
      return { kind: "collection", type: "resources" };
    },
  },
  async ({ actor, body }) => openTerminal(actor, body),
);
