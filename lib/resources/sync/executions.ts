// What runs a ResourceSync's operations (declared in lib/resources/operations.ts).
import "../../server-only";
import { executeSync } from "../../sync/service";
import type { Executions } from "../executions";

export const syncExecutions: Executions = {
  execute: (actor, id, body) => executeSync(actor, id, body),
};
