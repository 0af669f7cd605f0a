// The one place in the agent that reads process.env (like lib/env.ts for core): everything in
// agent/ imports `agentEnv`. The agent runs on other hosts than core, so it has its own variables.
import path from "node:path";
import { z } from "zod";

const schema = z.object({
  /** Same meaning as for the docker CLI; only unix:// sockets and plain tcp:// are supported. */
  DOCKER_HOST: z
    .string()
    .optional()
    .refine((v) => !v || /^(unix|tcp):\/\//.test(v), "DOCKER_HOST must be unix:///path/to/docker.sock or tcp://host:port"),
  /** Where the agent keeps its working files (compose stacks). Relative paths resolve against the working directory. */
  AGENT_STATE_DIR: z
    .string()
    .default(".data/agent")
    .transform((v) => path.resolve(v)),
  /** Set by Kubernetes in every pod: its presence means the agent runs inside a cluster and uses its service account. */
  KUBERNETES_SERVICE_HOST: z.string().optional(),
  KUBERNETES_SERVICE_PORT: z.string().optional(),
});

export type AgentEnv = z.infer<typeof schema>;

function load(): AgentEnv {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid agent environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

let cached: AgentEnv | undefined;
/** Validated lazily, so that importing a module never fails before the agent starts. */
export const agentEnv: AgentEnv = new Proxy({} as AgentEnv, {
  get(_target, key: string) {
    cached ??= load();
    return cached[key as keyof AgentEnv];
  },
});

/** The agent's own environment, for the commands it runs (docker compose, hooks) to inherit. */
export const inheritedEnv = (): NodeJS.ProcessEnv => ({ ...process.env });
