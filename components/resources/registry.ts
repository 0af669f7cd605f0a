// What the UI adds to each resource type, from its folder components/resources/<type>/:
// meta.ts (icon, sidebar group) for every type, here; detail.tsx (overview, header actions,
// tabs) for types that have more than the configuration page, in details.tsx — kept apart so
// the sidebar, loaded on every page, doesn't carry every type's detail views.
import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import type { ResourceTypeKey } from "@/lib/resources/define";
import type { ResourceView } from "@/lib/resources/view";
import { alerterUi } from "./alerter/meta";
import { buildUi } from "./build/meta";
import { builderUi } from "./builder/meta";
import { clusterUi } from "./cluster/meta";
import { credentialUi } from "./credential/meta";
import { deploymentUi } from "./deployment/meta";
import { procedureUi } from "./procedure/meta";
import { repoUi } from "./repo/meta";
import { serverUi } from "./server/meta";
import { stackUi } from "./stack/meta";
import { syncUi } from "./sync/meta";
import { variableUi } from "./variable/meta";

export const NAV_GROUPS = ["Docker", "Kubernetes", "Configuration"] as const;

/** A list column showing live state (from `info`), before the type's config columns. */
export interface ListColumn {
  label: string;
  cell: (resource: ResourceView) => ReactNode;
}

export interface ResourceTypeUi {
  icon: LucideIcon;
  /** The sidebar section the type is listed in. */
  navGroup: (typeof NAV_GROUPS)[number];
  columns?: ListColumn[];
}

export const RESOURCE_UI: Record<ResourceTypeKey, ResourceTypeUi> = {
  server: serverUi,
  deployment: deploymentUi,
  stack: stackUi,
  build: buildUi,
  builder: builderUi,
  repo: repoUi,
  procedure: procedureUi,
  sync: syncUi,
  alerter: alerterUi,
  variable: variableUi,
  credential: credentialUi,
  cluster: clusterUi,
};
