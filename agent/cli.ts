// Command-line options of the agent: `npm run agent -- --core URL --token T`, plus cluster mode:
// `--kubeconfig PATH` (or the pod's service account inside a cluster) and the opt-in action
// flags, which can also come from a values-style file (`--config values.yaml`, same keys as
// deploy/agent/values.yaml). A flag given on the command line wins over the file.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import path from "node:path";
import { loadYaml } from "@kubernetes/client-node";
import { z } from "zod";

export interface KubeOptions {
  /** A kubeconfig file; absent means the in-cluster service account. */
  kubeconfig?: string;
  basic: boolean;
  advanced: boolean;
  podExec: boolean;
}

export interface AgentOptions {
  /** One core, a load balancer in front of several, or several cores to try in turn. */
  coreUrls: string[];
  /** Enrollment token, used only until the agent has a stored credential. */
  token?: string;
  stateDir: string;
  terminals: boolean;
  /** Cluster mode, when a kubeconfig is given or the agent runs inside a cluster. */
  kubernetes: KubeOptions | null;
}

/** The values file. Strict, so that a misspelt key is an error rather than a silently disabled feature. */
const ZValues = z
  .object({
    kubeconfig: z.string().min(1).optional(),
    terminals: z.boolean().optional(),
    actions: z.object({ basic: z.boolean().optional(), advanced: z.boolean().optional(), podExec: z.boolean().optional() }).strict().optional(),
  })
  .strict();
type Values = z.infer<typeof ZValues>;

function readValues(file: string): Values {
  let raw: unknown;
  try {
    raw = loadYaml(readFileSync(file, "utf8")) ?? {};
  } catch (e) {
    throw new Error(`--config ${file}: ${(e as Error).message}`);
  }
  const parsed = ZValues.safeParse(raw);
  if (!parsed.success) throw new Error(`--config ${file}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

export function parseOptions(argv: string[], defaultStateDir: string, env: { inCluster: boolean } = { inCluster: false }): AgentOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      core: { type: "string" },
      token: { type: "string" },
      "state-dir": { type: "string" },
      "no-terminals": { type: "boolean" },
      config: { type: "string" },
      kubeconfig: { type: "string" },
      "actions-basic": { type: "boolean" },
      "actions-advanced": { type: "boolean" },
      "pod-exec": { type: "boolean" },
    },
    strict: true,
  });
  if (!values.core) throw new Error("Missing --core URL (e.g. --core http://127.0.0.1:3000, or several: --core http://a:3000,http://b:3000)");
  const coreUrls = values.core
    .split(",")
    .map((u) => u.trim())
    .filter(Boolean)
    .map(parseCoreUrl);
  const file: Values = values.config ? readValues(path.resolve(values.config)) : {};
  // A relative kubeconfig in the values file is relative to that file, like Helm values.
  const kubeconfig = values.kubeconfig
    ? path.resolve(values.kubeconfig)
    : file.kubeconfig && values.config
      ? path.resolve(path.dirname(values.config), file.kubeconfig)
      : undefined;
  const kubernetes: KubeOptions | null =
    kubeconfig || env.inCluster
      ? {
          kubeconfig,
          basic: values["actions-basic"] ?? file.actions?.basic ?? false,
          advanced: values["actions-advanced"] ?? file.actions?.advanced ?? false,
          podExec: values["pod-exec"] ?? file.actions?.podExec ?? false,
        }
      : null;
  if (!kubernetes && (values["actions-basic"] || values["actions-advanced"] || values["pod-exec"])) {
    throw new Error("--actions-basic, --actions-advanced and --pod-exec need cluster mode: give --kubeconfig PATH (or run the agent inside the cluster)");
  }
  return {
    coreUrls,
    token: values.token,
    stateDir: path.resolve(values["state-dir"] ?? defaultStateDir),
    terminals: values["no-terminals"] ? false : (file.terminals ?? true),
    kubernetes,
  };
}

function parseCoreUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--core: ${value} is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("--core must be an http(s) URL");
  return url.toString().replace(/\/$/, "");
}
