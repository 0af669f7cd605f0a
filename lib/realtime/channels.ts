// The channels the core serves. `events` is the browser's live-update socket: for now it
// greets the signed-in user; the agent issue streams Update progress through it.
import type { Channel } from "./socket-router";

const events: Channel = {
  // Every signed-in user may listen; what each message reveals is filtered per user.
  authorize: async () => {},
  open: (socket, actor) => {
    socket.send(JSON.stringify({ type: "ready", user: actor.username }));
  },
};

export const channels: Record<string, Channel> = { events };
