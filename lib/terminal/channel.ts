// /api/ws/terminal?session=ID — a browser attaches to a shell session it opened. The
// Terminal permission is checked again here: a grant revoked since opening ends access.
import type { WebSocket } from "ws";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { AppError } from "../errors";
import { clampSize, ZTerminalClientMessage } from "../protocol/terminal";
import type { UserChannel } from "../realtime/socket-router";
import { authorizePodShell, idleTimeoutSeconds, resolveTarget } from "./open";

/** A pod session's audit record names "namespace/pod[/container]". */
function podOf(container: string | null): { namespace: string; pod: string; container?: string } {
  const [namespace = "", pod = "", name] = (container ?? "").split("/");
  return { namespace, pod, container: name };
}
import { attach, close, input, resize } from "./sessions";


async function loadSession(actor: Actor, url: URL) {
  const id = url.searchParams.get("session") ?? "";
  const session = await db.terminalSession.findUnique({ where: { id } });
  // Someone else's session looks like no session.
  if (!session || session.userId !== actor.id) throw new AppError("NOT_FOUND", "No such terminal session");
  if (session.endedAt) throw new AppError("NOT_FOUND", `This session has ended (${session.endReason ?? "closed"})`);
  return session;
}

export const terminalChannel: UserChannel = {
  authorize: async (actor, url) => {
    const session = await loadSession(actor, url);
    if (session.targetType === "cluster") await authorizePodShell(actor, session.targetId, podOf(session.container).namespace);
    else await authorize(actor, "terminal", { kind: "resource", type: session.targetType as "server" | "deployment" | "stack", id: session.targetId });
  },
  open: (socket: WebSocket, actor, url) => {
    // Listen at once: frames the browser sends while the session is looked up are queued,
    // not lost, and handled in order once it is attached.
    let sessionId: string | null = null;
    const queued: [Buffer, boolean][] = [];
    const handle = (data: Buffer, isBinary: boolean) => {
      if (isBinary) return input(sessionId!, data);
      const parsed = ZTerminalClientMessage.safeParse(parseJson(String(data)));
      if (!parsed.success) return;
      if (parsed.data.type === "resize") {
        const s = clampSize(parsed.data.cols, parsed.data.rows);
        resize(sessionId!, s.cols, s.rows);
      } else close(sessionId!);
    };
    socket.on("message", (data, isBinary) => (sessionId ? handle(data as Buffer, isBinary) : queued.push([data as Buffer, isBinary])));
    void (async () => {
      const session = await loadSession(actor, url);
      const size = clampSize(Number(url.searchParams.get("cols") ?? 80), Number(url.searchParams.get("rows") ?? 24));
      if (session.targetType === "cluster") {
        const pod = podOf(session.container);
        const { agentId } = await authorizePodShell(actor, session.targetId, pod.namespace);
        attach(session.id, agentId, socket, { target: { kind: "pod", ...pod }, ...size, idleTimeoutSeconds: idleTimeoutSeconds() });
      } else {
        const service = session.targetType === "stack" ? session.container?.split("/")[1] : undefined;
        const { serverId, target } = await resolveTarget(session.targetType as "server" | "deployment" | "stack", session.targetId, service);
        const server = await db.server.findUniqueOrThrow({ where: { id: serverId }, select: { agentId: true } });
        attach(session.id, server.agentId ?? "", socket, { target, ...size, idleTimeoutSeconds: idleTimeoutSeconds() });
      }
      sessionId = session.id;
      for (const [data, isBinary] of queued.splice(0)) handle(data, isBinary);
    })().catch(() => socket.close(1011, "Could not attach to the session"));
  },
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
