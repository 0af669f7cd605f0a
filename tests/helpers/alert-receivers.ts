// Real receivers on loopback for what Alerters send outside the machine: HTTP endpoints shaped
// like Slack's, Discord's, ntfy's, Telegram's and Pushover's APIs and a custom webhook (which
// checks the HMAC signature), and an SMTP server (smtp-server). Each records what it got, and
// can be told to fail its next requests, so tests see retries as the receiver saw them.
import { createHmac, timingSafeEqual } from "node:crypto";
import http, { type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type ReceiverKind = "slack" | "discord" | "ntfy" | "telegram" | "pushover" | "webhook";

export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The answer's status: failures asked for with failNext show here as 500. */
  status: number;
  /** Webhook only: whether X-Wheelhouse-Signature matched the HMAC of the raw body. */
  signatureValid?: boolean;
}

export interface HttpReceiver {
  kind: ReceiverKind;
  /** The URL to configure: the webhook/topic URL, or the API base for Telegram and Pushover. */
  url: string;
  received: Received[];
  /** Only the requests it accepted (2xx). */
  accepted: () => Received[];
  json: (i?: number) => unknown;
  failNext: (n: number) => void;
  close: () => Promise<void>;
}

// What each real service answers on success (and what it refuses).
function answer(
  kind: ReceiverKind,
  req: { path: string; body: string; headers: IncomingHttpHeaders },
  secret?: string,
): { status: number; body: string; signatureValid?: boolean } {
  switch (kind) {
    case "slack":
      return { status: 200, body: "ok" };
    case "discord":
      return { status: 204, body: "" };
    case "ntfy":
      return { status: 200, body: JSON.stringify({ id: "x", event: "message", topic: req.path.slice(1) }) };
    case "telegram": {
      if (!/^\/bot[^/]+\/sendMessage$/.test(req.path)) return { status: 404, body: JSON.stringify({ ok: false, description: "Not Found" }) };
      const chat = (JSON.parse(req.body) as { chat_id?: string }).chat_id;
      if (!chat) return { status: 400, body: JSON.stringify({ ok: false, description: "Bad Request: chat_id is empty" }) };
      return { status: 200, body: JSON.stringify({ ok: true, result: { message_id: 1 } }) };
    }
    case "pushover": {
      const b = JSON.parse(req.body) as { token?: string; user?: string };
      if (!b.token || !b.user) return { status: 400, body: JSON.stringify({ status: 0, errors: ["token and user are required"] }) };
      return { status: 200, body: JSON.stringify({ status: 1, request: "r1" }) };
    }
    case "webhook": {
      const given = String(req.headers["x-wheelhouse-signature"] ?? "");
      const expected = secret ? `sha256=${createHmac("sha256", secret).update(req.body).digest("hex")}` : "";
      const signatureValid = Boolean(secret) && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
      return { status: signatureValid || !secret ? 200 : 401, body: "", signatureValid };
    }
  }
}

/** An HTTP receiver of one kind; `secret` is the webhook's signing secret to verify. */
export async function startHttpReceiver(kind: ReceiverKind, opts: { secret?: string; path?: string } = {}): Promise<HttpReceiver> {
  const received: Received[] = [];
  let failing = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const base = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      if (failing > 0) {
        failing--;
        received.push({ ...base, status: 500 });
        res.writeHead(500).end("temporarily broken");
        return;
      }
      const out = answer(kind, base, opts.secret);
      received.push({ ...base, status: out.status, signatureValid: out.signatureValid });
      res.writeHead(out.status, { "content-type": "application/json" }).end(out.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const accepted = () => received.filter((r) => r.status >= 200 && r.status < 300);
  return {
    kind,
    url: `http://127.0.0.1:${port}${opts.path ?? (kind === "ntfy" ? "/wheelhouse-alerts" : kind === "telegram" || kind === "pushover" ? "" : "/hook")}`,
    received,
    accepted,
    json: (i = 0) => JSON.parse(accepted()[i]!.body) as unknown,
    failNext: (n) => void (failing = n),
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

export interface SmtpMessage {
  from: string;
  to: string[];
  subject: string;
  raw: string;
}

/** A plain SMTP server on loopback (no TLS, no auth) that keeps every message it accepts. */
export async function startSmtpReceiver(): Promise<{ host: string; port: number; messages: SmtpMessage[]; close: () => Promise<void> }> {
  const messages: SmtpMessage[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: /^Subject: (.*)$/m.exec(raw)?.[1]?.trim() ?? "",
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return { host: "127.0.0.1", port, messages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
