"use client";

import dynamic from "next/dynamic";
import { ClusterJobs, ClusterNodes, ClusterOverview } from "../../kube/cluster-views";
import { Spinner } from "../../ui/states";
import type { DetailExtension } from "../details";

// Tabs, not the first paint: their code (and the table the services bring) loads when one is opened.
const ServiceTable = dynamic(() => import("../../kube/service-table").then((m) => m.ServiceTable), { loading: () => <Spinner /> });
const Timeline = dynamic(() => import("../../kube/timeline").then((m) => m.Timeline), { loading: () => <Spinner /> });
const Monitors = dynamic(() => import("../../kube/monitors").then((m) => m.Monitors), { loading: () => <Spinner /> });

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
