// How a long operation reports back: `log` carries output lines (→ command.log), `stage` brackets
// each step (→ command.stage). Both are plain callbacks so that docker code knows nothing about
// the socket that carries them.
export type LogStream = "stdout" | "stderr";
export type LogFn = (stage: string, stream: LogStream, line: string) => void;
export type StageFn = (name: string, command: string, status: "start" | "end", success?: boolean) => void;

export const noLog: LogFn = () => {};
export const noStage: StageFn = () => {};

/** Replaces every secret value with ***; longer values first so one that contains another is fully hidden. */
export function redactor(values: string[]): (line: string) => string {
  const secrets = [...new Set(values.filter((v) => v.length > 0))].sort((a, b) => b.length - a.length);
  if (secrets.length === 0) return (line) => line;
  return (line) => secrets.reduce((out, secret) => out.split(secret).join("***"), line);
}

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
