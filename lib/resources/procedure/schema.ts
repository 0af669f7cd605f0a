import { z } from "zod";
import { patternError } from "../../authz/pattern";
import { scheduleIssues } from "../../schedules/parse";
import { defineResourceType } from "../define";
import { TYPE_NAMES } from "../names";
import { TYPE_OPERATIONS } from "../operations";

/**
 * Executions a procedure step can run. Most act on resources of one type, picked by `target`:
 * a name, a `*` pattern, a `\regex\` or `tag:NAME`, resolved when the step runs (a batch). The
 * rest take their parameters in `params` (lib/procedures/steps.ts says which).
 */
export const PROCEDURE_OPERATIONS = [
  "RunProcedure",
  "Deploy",
  "StartDeployment",
  "StopDeployment",
  "RestartDeployment",
  "DeployStack",
  "DeployStackIfChanged",
  "PullStack",
  "StartStack",
  "StopStack",
  "RestartStack",
  "RunBuild",
  "PullRepo",
  "CloneRepo",
  "PruneServer",
  "StartAllContainers",
  "StopAllContainers",
  "RestartAllContainers",
  "KubeScale",
  "KubeRestart",
  "SendAlert",
  "Sleep",
] as const;
export type ProcedureOperation = (typeof PROCEDURE_OPERATIONS)[number];

/** Steps that act on no resource picked by `target`. */
export const PARAM_STEPS = ["KubeScale", "KubeRestart", "SendAlert", "Sleep"] as const satisfies readonly ProcedureOperation[];
const isParamStep = (op: ProcedureOperation) => (PARAM_STEPS as readonly string[]).includes(op);

const PRUNE = ["containers", "images", "networks", "volumes", "system"] as const;
const KUBE_KINDS = ["Deployment", "StatefulSet", "DaemonSet"] as const;
const name = z.string().min(1).max(253);

/** Each parameterised step's params. */
export const STEP_PARAMS = {
  PruneServer: z.object({ what: z.enum(PRUNE).default("images") }).strict(),
  KubeScale: z
    .object({ cluster: name, namespace: name, kind: z.enum(KUBE_KINDS).default("Deployment"), name, replicas: z.number().int().min(0).max(1000) })
    .strict(),
  KubeRestart: z.object({ cluster: name, namespace: name, kind: z.enum(KUBE_KINDS).default("Deployment"), name }).strict(),
  SendAlert: z
    .object({ message: z.string().min(1, "Say what the alert is about").max(2000), level: z.enum(["ok", "warning", "critical"]).default("warning") })
    .strict(),
  Sleep: z.object({ durationMs: z.number().int().min(0).max(3_600_000) }).strict(),
} satisfies Partial<Record<ProcedureOperation, z.ZodType>>;

export const procedureStep = z
  .object({
    operation: z.enum(PROCEDURE_OPERATIONS),
    target: z.string().max(512).default("").describe("What it runs on: a name, a * pattern, a \\regex\\ or tag:NAME, resolved when the step runs"),
    params: z
      .record(z.string(), z.unknown())
      .default({})
      .describe(
        'PruneServer {"what": "images"} · KubeScale {"cluster", "namespace", "kind", "name", "replicas"} · KubeRestart {"cluster", "namespace", "kind", "name"} · SendAlert {"message", "level"} · Sleep {"durationMs"}',
      ),
    enabled: z.boolean().default(true),
  })
  .strict()
  .superRefine((s, ctx) => {
    const paramsSchema = (STEP_PARAMS as Partial<Record<ProcedureOperation, z.ZodType>>)[s.operation];
    if (paramsSchema) {
      const parsed = paramsSchema.safeParse(s.params);
      if (!parsed.success)
        for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: ["params", ...issue.path.map(String)], message: issue.message });
    } else if (Object.keys(s.params).length) {
      ctx.addIssue({ code: "custom", path: ["params"], message: `${s.operation} takes no parameters` });
    }
    if (isParamStep(s.operation)) {
      if (s.target) ctx.addIssue({ code: "custom", path: ["target"], message: `${s.operation} takes its parameters in params, not a target` });
      return;
    }
    const target = s.target.startsWith("tag:") ? s.target.slice(4) : s.target;
    const error = patternError(target);
    if (error)
      ctx.addIssue({
        code: "custom",
        path: ["target"],
        message: error === "Pattern must not be empty" ? "Name what this step runs on: a name, a * pattern, a \\regex\\ or tag:NAME" : error,
      });
  });

export const procedureStage = z
  .object({
    name: z.string().min(1, "Name the stage").max(128),
    enabled: z.boolean().default(true),
    /** Steps in one stage run in parallel; stages run in sequence. */
    executions: z.array(procedureStep).max(64).default([]),
  })
  .strict();

export const procedureConfig = z
  .object({
    stages: z.array(procedureStage).max(64).default([]),
    scheduleFormat: z.enum(["cron", "english"]).default("english"),
    schedule: z
      .string()
      .max(255)
      .default("")
      .describe(
        'Cron: 5 fields, or 6 with seconds first ("*/10 * * * * *"). English: "every 15 minutes", "every day at 03:00", "every weekday at 09:00", "every monday, friday at 18:30", "every month on the 1st at 06:00", "at 12:00".',
      ),
    scheduleTimezone: z
      .string()
      .max(64)
      .default("UTC")
      .describe("An IANA timezone (UTC, Europe/Berlin, America/New_York); the schedule's times are in it, daylight saving included."),
    scheduleEnabled: z
      .boolean()
      .default(false)
      .describe("Runs as the person who last saved this procedure. Runs missed while no core was up are reported, not replayed."),
    failureAlert: z.boolean().default(true),
    webhookEnabled: z.boolean().default(false),
    /** A webhook push runs the procedure only when it is to this branch. */
    branch: z.string().max(255).default("main"),
    /** Signs GitHub deliveries (HMAC) or is GitLab's token; write-only. */
    webhookSecret: z.string().min(16, "Use at least 16 characters").max(1024).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.scheduleEnabled && !c.schedule.trim()) ctx.addIssue({ code: "custom", path: ["schedule"], message: "An enabled schedule needs a schedule" });
    // Cron read by croner, English by its grammar, the timezone by Intl (lib/schedules/parse.ts).
    for (const issue of scheduleIssues(c)) ctx.addIssue({ code: "custom", path: [issue.field], message: issue.message });
  });

export const procedure = defineResourceType({
  ...TYPE_NAMES.procedure,
  table: "Procedure",
  description: "Stages of executions run in sequence; steps in a stage run in parallel.",
  config: procedureConfig,
  operations: TYPE_OPERATIONS.procedure,
  secrets: [{ field: "webhookSecret" }],
  summary: (c) => [
    ["Stages", String(c.stages.length)],
    ["Schedule", c.scheduleEnabled ? c.schedule : "off"],
  ],
});
