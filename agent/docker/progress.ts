// How a long operation reports back: `log` carries output lines (→ command.log), `stage` brackets
// each step (→ command.stage). Both are plain callbacks so that docker code knows nothing about
// the socket that carries them.
import { redactor } from "@/lib/secrets/redact";

export type LogStream = "stdout" | "stderr";
export type LogFn = (stage: string, stream: LogStream, line: string) => void;
export type StageFn = (name: string, command: string, status: "start" | "end", success?: boolean) => void;

export const noLog: LogFn = () => {};
export const noStage: StageFn = () => {};

// One redaction rule for core and agent: each value, and each long line of a multi-line one.
export { redactor };

export function redactingLog(log: LogFn, values: string[]): LogFn {
  const redact = redactor(values);
  return (stage, stream, line) => log(stage, stream, redact(line));
}

/** Runs one stage between start/end reports; the end always comes, with success=false on a throw. */
export async function runStage<T>(stage: StageFn, name: string, command: string, fn: () => Promise<T>): Promise<T> {
  stage(name, command, "start");
  try {
    const result = await fn();
    stage(name, command, "end", true);
    return result;
  } catch (err) {
    stage(name, command, "end", false);
    throw err;
  }
}
