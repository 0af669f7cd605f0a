// AgentVersionMismatch: an agent that says hello with a release other than core's. Core and
// agent ship together (the agent runs the same source tree); a different release still speaks
// this protocol (another protocol is refused at hello, agents/hub.ts), but may lack fixes or
// capabilities core counts on, so its Servers and Clusters carry a warning until it
// reconnects matching. The alert is on each Server and Cluster the agent serves, so whoever
// may read them sees it.
import "../server-only";
import packageJson from "../../package.json" with { type: "json" };
import { closeAlert, openAlert } from "./alerts";

export const CORE_VERSION: string = packageJson.version;

export interface AgentTarget {
  type: "server" | "cluster";
  id: string;
  name: string;
  /** The version its agent had at its last hello, when known: a fleet reconnecting matching, as before, costs no query. */
  previousVersion?: string;
}

export async function checkAgentVersion(targets: AgentTarget[], agentVersion: string): Promise<void> {
  for (const { previousVersion, ...target } of targets) {
    if (agentVersion === CORE_VERSION) {
      // A mismatch is opened by a hello of another version, which the Server records: after a matching one, none is open.
      if (previousVersion !== CORE_VERSION) await closeAlert("AgentVersionMismatch", target);
    } else
      await openAlert({
        type: "AgentVersionMismatch",
        level: "warning",
        target,
        message: `The agent of ${target.name} runs ${agentVersion}, core runs ${CORE_VERSION}: upgrade the agent to core's version`,
        data: { agentVersion, coreVersion: CORE_VERSION },
      });
  }
}
