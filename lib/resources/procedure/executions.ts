// What runs a Procedure's operations (declared in lib/resources/operations.ts).
import "../../server-only";
import { runProcedure } from "../../procedures/run";
import type { Executions } from "../executions";

export const procedureExecutions: Executions = {
  run: (actor, id) => runProcedure(actor, id),
};
