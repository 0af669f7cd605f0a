import { z } from "zod";
import { patternError } from "../../authz/pattern";
import { scheduleIssues } from "../../schedules/parse";
import { defineResourceType } from "../define";
import { TYPE_NAMES } from "../names";

/** Executions a procedure step can run; each takes a target (name, `*` pattern, \regex\ or tag:NAME). */
export const PROCEDURE_OPERATIONS = [
  "RunProcedure",
  "Deploy",
  "StartDeployment",
  "StopDeployment",
  "RestartDeployment",
  "DeployStack",
  "DeployStackIfChanged",
  "StopStack",
  "RestartStack",
  "RunBuild",
  "PullRepo",
  "CloneRepo",
  "RunSync",
  "PruneServer",
  "Sleep",
] as const;

export const procedureStep = z
  .object({
    operation: z.enum(PROCEDURE_OPERATIONS),
    target: z.string().max(512).default(""),
    enabled: z.boolean().default(true),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.operation === "Sleep") {
      if (!/^\d+$/.test(s.target)) ctx.addIssue({ code: "custom", path: ["target"], message: "Sleep takes a number of milliseconds" });
      return;
    }
    const target = s.target.startsWith("tag:") ? s.target.slice(4) : s.target;
    const error = patternError(target);
    if (error) ctx.addIssue({ code: "custom", path: ["target"], message: error });
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
    schedule: z.string().max(255).default(""),
    scheduleTimezone: z.string().max(64).default("UTC"),
    scheduleEnabled: z.boolean().default(false),
    failureAlert: z.boolean().default(true),
    webhookEnabled: z.boolean().default(false),
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
  summary: (c) => [
    ["Stages", String(c.stages.length)],
    ["Schedule", c.scheduleEnabled ? c.schedule : "off"],
  ],
});
