"use client";

import { ClusterJobs, ClusterNodes, ClusterOverview } from "../../kube/cluster-views";
import { Monitors } from "../../kube/monitors";
import { ServiceTable } from "../../kube/service-table";
import { Timeline } from "../../kube/timeline";
import type { DetailExtension } from "../details";

export const clusterDetail: DetailExtension = {
  overview: (r) => <ClusterOverview resource={r} />,
  tabs: [
    { id: "services", label: "Services", render: (r) => <ServiceTable clusterId={r.id} /> },
    { id: "jobs", label: "Jobs", render: (r) => <ClusterJobs resource={r} /> },
    { id: "nodes", label: "Nodes", render: (r) => <ClusterNodes resource={r} /> },
    { id: "timeline", label: "Timeline", render: (r) => <Timeline clusterId={r.id} /> },
    { id: "health", label: "Health", render: (r) => <Monitors clusterId={r.id} /> },
  ],
};
