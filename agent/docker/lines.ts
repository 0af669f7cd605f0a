// Output arrives in arbitrary chunks: a line (or a UTF-8 character) can be split across two.
import { StringDecoder } from "node:string_decoder";

/** Feeds chunks in, calls `onLine` once per complete line (without the newline); `flush` emits the rest. */
export function lineSplitter(onLine: (line: string) => void): { push(chunk: Buffer | string): void; flush(): void } {
  const decoder = new StringDecoder("utf8");
  let pending = "";
  const emit = (text: string) => {
    pending += text;
    let nl: number;
    while ((nl = pending.indexOf("\n")) >= 0) {
      onLine(pending.slice(0, nl).replace(/\r$/, ""));
      pending = pending.slice(nl + 1);
    }
  };
  return {
    push: (chunk) => emit(typeof chunk === "string" ? chunk : decoder.write(chunk)),
    flush: () => {
      emit(decoder.end());
      if (pending) onLine(pending.replace(/\r$/, ""));
      pending = "";
    },
  };
}
