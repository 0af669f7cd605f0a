// A WebSocket client that speaks bytes, for tests of what a hostile or broken client can send:
// frames `ws` refuses to build (oversized, unmasked, reserved bits set), and frames sent before
// the server has answered the handshake.
import net from "node:net";
import { randomBytes } from "node:crypto";
import { until } from "./core-agent";

export interface FrameOptions {
  opcode?: number;
  /** Clients must mask; false builds the unmasked frame a server must refuse. */
  mask?: boolean;
  rsv1?: boolean;
}

export function frame(payload: Buffer, options: FrameOptions = {}): Buffer {
  const { opcode = 0x1, mask = true, rsv1 = false } = options;
  const len = payload.length;
  const header =
    len < 126 ? Buffer.from([0, len]) : len < 65536 ? Buffer.from([0, 126, len >> 8, len & 255]) : Buffer.concat([Buffer.from([0, 127]), bigLength(len)]);
  header[0] = 0x80 | (rsv1 ? 0x40 : 0) | opcode;
  if (!mask) return Buffer.concat([header, payload]);
  header.writeUInt8(header.readUInt8(1) | 0x80, 1);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ key.readUInt8(i % 4)));
  return Buffer.concat([header, key, masked]);
}

function bigLength(len: number) {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(len));
  return b;
}

export interface RawSocket {
  /** Everything received so far. */
  received: () => Buffer;
  write: (data: Buffer) => void;
  /** Resolves with the status line once the server answered the handshake. */
  handshake: () => Promise<string>;
  /** The server's close frame, once it came (null if the socket ended without one). */
  closed: () => Promise<{ code: number; reason: string } | null>;
  destroy: () => void;
}

/** Sends the upgrade request, and `early` right behind it (before the server answered). */
export function rawSocket(coreUrl: string, path: string, headers: Record<string, string> = {}, early?: Buffer): RawSocket {
  const { hostname, port } = new URL(coreUrl);
  const socket = net.connect(Number(port), hostname);
  let data = Buffer.alloc(0);
  let ended = false;
  socket.on("data", (d) => (data = Buffer.concat([data, d])));
  socket.on("close", () => (ended = true));
  socket.on("error", () => (ended = true)); // the server may reset us mid-write: that is the point
  const lines = [
    `GET ${path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}`,
    "Sec-WebSocket-Version: 13",
  ];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  socket.write(lines.join("\r\n") + "\r\n\r\n");
  if (early) socket.write(early);
  const headerEnd = () => data.indexOf("\r\n\r\n");
  return {
    received: () => data,
    write: (d) => void socket.write(d),
    handshake: () =>
      until(async () => (headerEnd() >= 0 ? data.subarray(0, data.indexOf("\r\n")).toString() : ended ? "(closed)" : null), "the handshake answer", 20_000),
    closed: async () => {
      await until(async () => ended || closeFrame(data.subarray(headerEnd() + 4)) !== undefined, "the server to close the socket", 20_000);
      return closeFrame(data.subarray(headerEnd() + 4)) ?? null;
    },
    destroy: () => socket.destroy(),
  };
}

/** The first close frame among the server's (unmasked) frames. */
function closeFrame(bytes: Buffer): { code: number; reason: string } | undefined {
  let at = 0;
  while (at + 2 <= bytes.length) {
    const opcode = bytes.readUInt8(at) & 0x0f;
    let len = bytes.readUInt8(at + 1) & 0x7f;
    let start = at + 2;
    if (len === 126) [len, start] = [bytes.readUInt16BE(at + 2), at + 4];
    else if (len === 127) [len, start] = [Number(bytes.readBigUInt64BE(at + 2)), at + 10];
    if (start + len > bytes.length) return undefined;
    if (opcode === 0x8) return { code: len >= 2 ? bytes.readUInt16BE(start) : 1005, reason: bytes.subarray(start + 2, start + len).toString() };
    at = start + len;
  }
  return undefined;
}
