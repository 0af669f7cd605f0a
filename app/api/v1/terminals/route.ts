import { handler } from "@/lib/api/handler";
import { notFound } from "@/lib/errors";
import { openTerminal, ZOpenTerminalInput } from "@/lib/terminal/open";
import { parseInput } from "@/lib/validation";

// Opens a shell session (audited) on a server, deployment or stack service and returns its
// id; attach with /api/ws/terminal?session=ID. Pod shells go through /api/v1/kube/shells.
export const POST = handler(
  {
    permission: "terminal",
    target: ({ body }) => {
      const input = parseInput(ZOpenTerminalInput, body);
      if (input.targetType === "pod") throw notFound("Route");
      return { kind: "resource", type: input.targetType, id: input.targetId };
    },
  },
  async ({ actor, body }) => openTerminal(actor, body),
);
