"use client";

import { ContainerLogs } from "../../executions/container-logs";
import { StackOverview } from "../../stacks/stack-overview";
import type { DetailExtension } from "../details";
import { urls } from "@/lib/client/urls";

export const stackDetail: DetailExtension = {
  overview: (r) => <StackOverview resource={r} />,
  tabs: [
    {
      id: "logs",
      label: "Logs",
      needs: "Logs",
      render: (r) => (
        <ContainerLogs
          base={urls.resources.logs("stacks", r.id)}
          services={Object.keys((r.info as { services?: Record<string, string> }).services ?? {}).sort()}
        />
      ),
    },
  ],
};
