// /api/ws/terminal?session=ID — a browser attaches to a shell session it opened. The
// Terminal permission is checked again here, and again whenever access may have shrunk
// (lib/realtime/access.ts): a shell whose user lost it ends with the reason, whether a
// browser is attached to it or not.
import type { WebSocket } from "ws";
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { AppError, isAppError } from "../errors";
import { clampSize, ZTerminalClientMessage } from "../protocol/terminal";
import { onAccessChanged } from "../realtime/access";
import type { UserChannel } from "../realtime/socket-router";
import { authorizePodShell, idleTimeoutSeconds, resolveTarget } from "./open";

/** A pod session's audit record names "namespace/pod[/container]". */
function podOf(container: string | null): { namespace: string; pod: string; container?: string } {
  const [namespace = "", pod = "", name] = (container ?? "").split("/");
  return { namespace, pod, container: name };
}
import { attach, close, input, liveSessionIds, resize, terminate } from "./sessions";

async function loadSession(actor: Actor, id: string) {
  const session = await db.terminalSession.findUnique({ where: { id } });
  // Someone else's session looks like no session.
  if (!session || session.userId !== actor.id) throw new AppError("NOT_FOUND", "No such terminal session");
  if (session.endedAt) throw new AppError("NOT_FOUND", `This session has ended (${session.endReason ?? "closed"})`);
  return session;
}

/** Whether the actor may use this shell: its own, not ended, and the Terminal permission (exec:pod for pods). */
async function authorizeSession(actor: Actor, sessionId: string) {
  const session = await loadSession(actor, sessionId);
  if (session.targetType === "cluster") await authorizePodShell(actor, session.targetId, podOf(session.container).namespace);
  else await authorize(actor, "terminal", { kind: "resource", type: session.targetType as "server" | "deployment" | "stack", id: session.targetId });
}

/**
 * After a revocation: every shell running through this process, attached or not, is checked as
 * its user now stands (a browser's socket is also checked on its own credentials by the router).
 */
async function recheckShells() {
  for (const sessionId of liveSessionIds()) {
    const row = await db.terminalSession.findUnique({ where: { id: sessionId }, select: { userId: true } });
    const user = row && (await db.user.findUnique({ where: { id: row.userId } }));
    if (!user?.enabled) {
      await terminate(sessionId, `Access revoked: the user was ${user ? "disabled" : "deleted"}`);
      continue;
    }
    try {
      await authorizeSession({ id: user.id, username: user.username, admin: user.admin, via: "session", maxLevel: "Write" }, sessionId);
    } catch (e) {
      if (!isAppError(e)) throw e;
      await terminate(sessionId, `Access revoked: ${e.message}`);
    }
  }
}
const registered = globalThis as unknown as { wheelhouseShellRecheck?: () => void };
registered.wheelhouseShellRecheck ??= onAccessChanged(recheckShells);

export const terminalChannel: UserChannel = {
  authorize: (actor, url) => authorizeSession(actor, url.searchParams.get("session") ?? ""),
  open: (socket: WebSocket, actor, url, access) => {
    // This socket's credentials revoked (an API key, a session ended): the shell it drives ends too.
    access.onRevoked((reason) => terminate(url.searchParams.get("session") ?? "", reason));
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
      } else void close(sessionId!);
    };
    socket.on("message", (data, isBinary) => (sessionId ? handle(data as Buffer, isBinary) : queued.push([data as Buffer, isBinary])));
    void (async () => {
      const session = await loadSession(actor, url.searchParams.get("session") ?? "");
      const size = clampSize(Number(url.searchParams.get("cols") ?? 80), Number(url.searchParams.get("rows") ?? 24));
      if (session.targetType === "cluster") {
        const pod = podOf(session.container);
        const { agentId } = await authorizePodShell(actor, session.targetId, pod.namespace);
        await attach(session.id, agentId, socket, { target: { kind: "pod", ...pod }, ...size, idleTimeoutSeconds: idleTimeoutSeconds() });
      } else {
        const service = session.targetType === "stack" ? session.container?.split("/")[1] : undefined;
        const { serverId, target } = await resolveTarget(session.targetType as "server" | "deployment" | "stack", session.targetId, service);
        const server = await db.server.findUniqueOrThrow({ where: { id: serverId }, select: { agentId: true } });
        await attach(session.id, server.agentId ?? "", socket, { target, ...size, idleTimeoutSeconds: idleTimeoutSeconds() });
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
