import { handler } from "@/lib/api/handler";
import { openTerminal, ZOpenTerminalInput } from "@/lib/terminal/open";
import { parseInput } from "@/lib/validation";

// Opens a shell session (audited) and returns its id; attach with /api/ws/terminal?session=ID.
export const POST = handler(
  {
    permission: "terminal",
    target: ({ body }) => {
      const input = parseInput(ZOpenTerminalInput, body);
      return { kind: "resource", type: input.targetType, id: input.targetId };
    },
  },
  async ({ actor, body }) => openTerminal(actor, body),
);
