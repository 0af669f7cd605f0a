"use client";

import dynamic from "next/dynamic";
import { StackOverview } from "../../stacks/stack-overview";
import { Spinner } from "../../ui/states";
import type { DetailExtension } from "../details";
import { urls } from "@/lib/client/urls";

// The Logs tab, not the first paint: its code loads when it is opened.
const ContainerLogs = dynamic(() => import("../../executions/container-logs").then((m) => m.ContainerLogs), { loading: () => <Spinner /> });

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
