// What runs each of a Build's operations (declared in schema.ts).
import "../../server-only";
import { runBuild } from "../../executions/build";
import type { Executions } from "../executions";

export const buildExecutions: Executions = {
  run: (actor, id) => runBuild(actor, id),
};
