"use client";

import dynamic from "next/dynamic";
import { ClusterJobs, ClusterNodes, ClusterOverview } from "../../kube/cluster-views";
import { Monitors } from "../../kube/monitors";
import { Timeline } from "../../kube/timeline";
import { Spinner } from "../../ui/states";
import type { DetailExtension } from "../details";

// A tab, not the first paint: its code (and the table it brings) loads when it is opened.
const ServiceTable = dynamic(() => import("../../kube/service-table").then((m) => m.ServiceTable), { loading: () => <Spinner /> });

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
