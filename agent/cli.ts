// Command-line options of the agent: `npm run agent -- --core URL --token T`.
import { parseArgs } from "node:util";
import path from "node:path";

export interface AgentOptions {
  coreUrl: string;
  /** Enrollment token, used only until the agent has a stored credential. */
  token?: string;
  stateDir: string;
  terminals: boolean;
}

export function parseOptions(argv: string[], defaultStateDir: string): AgentOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      core: { type: "string" },
      token: { type: "string" },
      "state-dir": { type: "string" },
      "no-terminals": { type: "boolean", default: false },
    },
    strict: true,
  });
  if (!values.core) throw new Error("Missing --core URL (e.g. --core http://127.0.0.1:3000)");
  const url = new URL(values.core);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("--core must be an http(s) URL");
  return {
    coreUrl: url.toString().replace(/\/$/, ""),
    token: values.token,
    stateDir: path.resolve(values["state-dir"] ?? defaultStateDir),
    terminals: !values["no-terminals"],
  };
}
