import { describe, expect, it } from "vitest";
import { portConflict } from "./errors";
import { type LogLine, logDecoder } from "./logs";

const frame = (stream: 1 | 2, text: string) => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

describe("logDecoder", () => {
  it("demuxes frames split anywhere, including inside the header and inside a UTF-8 character", () => {
    const lines: LogLine[] = [];
    const decoder = logDecoder(false, (l) => lines.push(l));
    const all = Buffer.concat([frame(1, "héllo wo"), frame(2, "oops\n"), frame(1, "rld\nlast")]);
    for (let i = 0; i < all.length; i += 3) decoder.push(all.subarray(i, i + 3));
    decoder.flush();
    expect(lines).toEqual([
      { stream: "stderr", line: "oops" },
      { stream: "stdout", line: "héllo world" },
      { stream: "stdout", line: "last" },
    ]);
  });

  it("passes a TTY container's raw stream through as stdout", () => {
    const lines: LogLine[] = [];
    const decoder = logDecoder(true, (l) => lines.push(l));
    decoder.push(Buffer.from("a\r\nb"));
    decoder.flush();
    expect(lines).toEqual([
      { stream: "stdout", line: "a" },
      { stream: "stdout", line: "b" },
    ]);
  });
});

describe("portConflict", () => {
  it("names the port for both ways Docker reports a taken port", () => {
    expect(portConflict("driver failed programming external connectivity on endpoint x (abc): Bind for 0.0.0.0:8080 failed: port is already allocated")).toBe(
      "Port 8080 is already in use on the host",
    );
    expect(portConflict("Error starting userland proxy: listen tcp4 0.0.0.0:9090: bind: address already in use")).toBe(
      "Port 9090 is already in use on the host",
    );
    expect(portConflict("no such image")).toBeNull();
  });
});
