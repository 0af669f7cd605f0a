"use client";

// Type-specific panels on the generic resource page, from each type's
// components/resources/<type>/detail.tsx: an Overview (state and executions), header actions
// and extra tabs. Types without one get the plain configuration page.
import type { ReactNode } from "react";
import type { ResourceTypeKey } from "@/lib/resources/define";
import type { ResourceView } from "@/lib/resources/view";
import { alerterDetail } from "./alerter/detail";
import { buildDetail } from "./build/detail";
import { clusterDetail } from "./cluster/detail";
import { deploymentDetail } from "./deployment/detail";
import { procedureDetail } from "./procedure/detail";
import { repoDetail } from "./repo/detail";
import { serverDetail } from "./server/detail";
import { stackDetail } from "./stack/detail";
import { syncDetail } from "./sync/detail";

export interface DetailTab {
  id: string;
  label: string;
  render: (resource: ResourceView) => ReactNode;
  /** Hidden unless the user has this specific permission. */
  needs?: "Logs" | "Terminal";
}

export interface DetailExtension {
  overview?: (resource: ResourceView) => ReactNode;
  headerActions?: (resource: ResourceView) => ReactNode;
  tabs?: DetailTab[];
}

export const DETAILS: Partial<Record<ResourceTypeKey, DetailExtension>> = {
  server: serverDetail,
  deployment: deploymentDetail,
  stack: stackDetail,
  cluster: clusterDetail,
  repo: repoDetail,
  build: buildDetail,
  procedure: procedureDetail,
  sync: syncDetail,
  alerter: alerterDetail,
};
