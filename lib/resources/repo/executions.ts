// What runs each of a Repo's operations (declared in schema.ts).
import "../../server-only";
import { z } from "zod";
import { syncRepo } from "../../executions/repo";
import { parseInput } from "../../validation";
import type { Executions } from "../executions";

/** The body `pull` reads (exported for the OpenAPI document). */
export const ZRepoPullOptions = z
  .object({ reset: z.boolean().default(false).describe("Reset to the remote's branch instead of fast-forwarding") })
  .strict()
  .default({ reset: false });

export const repoExecutions: Executions = {
  clone: (actor, id) => syncRepo(actor, id, "clone"),
  pull: (actor, id, body) => syncRepo(actor, id, "pull", parseInput(ZRepoPullOptions, body ?? {})),
};
