// Container logs as lines. Without a TTY, Docker multiplexes stdout and stderr into one stream of
// frames (8-byte header: stream type, 3 zero bytes, big-endian payload size); with a TTY the
// stream is raw. A frame may end mid-line and a chunk may end mid-frame, so both are buffered.
import { docker } from "./client";
import { daemonMessage } from "./errors";
import { requireContainer } from "./find-container";
import { lineSplitter } from "./lines";
import type { LogStream } from "./progress";

export interface LogLine {
  stream: LogStream;
  /** With `timestamps`, Docker's RFC 3339 timestamp and a space come first. */
  line: string;
}

export interface LogOptions {
  tail: number;
  timestamps?: boolean;
}

export function logDecoder(tty: boolean, onLine: (line: LogLine) => void): { push(chunk: Buffer): void; flush(): void } {
  const splitters = {
    stdout: lineSplitter((line) => onLine({ stream: "stdout", line })),
    stderr: lineSplitter((line) => onLine({ stream: "stderr", line })),
  };
  if (tty) return { push: (chunk) => splitters.stdout.push(chunk), flush: () => splitters.stdout.flush() };
  let pending: Buffer = Buffer.alloc(0);
  return {
    push(chunk) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 8) {
        const size = pending.readUInt32BE(4);
        if (pending.length < 8 + size) break;
        (pending[0] === 2 ? splitters.stderr : splitters.stdout).push(pending.subarray(8, 8 + size));
        pending = pending.subarray(8 + size);
      }
    },
    flush() {
      splitters.stdout.flush();
      splitters.stderr.flush();
    },
  };
}

/** The last `tail` lines of the container's logs. */
export async function tailLogs(nameOrId: string, options: LogOptions): Promise<LogLine[]> {
  const info = await requireContainer(nameOrId);
  const lines: LogLine[] = [];
  const decoder = logDecoder(info.Config.Tty, (line) => lines.push(line));
  try {
    const buffer = await docker()
      .getContainer(info.Id)
      .logs({ stdout: true, stderr: true, follow: false, tail: options.tail, timestamps: options.timestamps ?? false });
    decoder.push(Buffer.isBuffer(buffer) ? buffer : Buffer.from(buffer));
  } catch (err) {
    throw new Error(`Could not read the logs of ${nameOrId}: ${daemonMessage(err)}`);
  }
  decoder.flush();
  return lines;
}

/**
 * The last `tail` lines, then every new line until the container stops (`onEnd()`), the stream
 * fails (`onEnd(error)`) or the returned function is called (no `onEnd` then: the caller knows).
 */
export async function followLogs(nameOrId: string, options: LogOptions, onLine: (line: LogLine) => void, onEnd: (error?: Error) => void): Promise<() => void> {
  const info = await requireContainer(nameOrId);
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker()
      .getContainer(info.Id)
      .logs({ stdout: true, stderr: true, follow: true, tail: options.tail, timestamps: options.timestamps ?? false });
  } catch (err) {
    throw new Error(`Could not follow the logs of ${nameOrId}: ${daemonMessage(err)}`);
  }
  let open = true;
  const decoder = logDecoder(info.Config.Tty, (line) => open && onLine(line));
  const finish = (error?: Error) => {
    if (!open) return;
    decoder.flush();
    open = false;
    onEnd(error);
  };
  stream.on("data", (chunk: Buffer) => decoder.push(chunk));
  stream.on("end", () => finish());
  stream.on("close", () => finish());
  stream.on("error", (err: Error) => finish(new Error(`The log stream of ${nameOrId} failed: ${daemonMessage(err)}`)));
  return () => {
    open = false;
    (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
  };
}
