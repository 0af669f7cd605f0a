// What runs each of an Alerter's operations (declared in schema.ts).
import "../../server-only";
import { sendTestAlert } from "../../alerts/test-alert";
import type { Executions } from "../executions";

export const alerterExecutions: Executions = {
  test: (actor, id) => sendTestAlert(actor, id),
};
