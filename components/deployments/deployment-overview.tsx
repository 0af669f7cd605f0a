"use client";

import type { DeploymentInfo } from "@/lib/resources/deployment/info";
import type { ResourceView } from "@/lib/resources/view";
import { ExecutionBar } from "../executions/execution-bar";
import { ContainerStateBadge } from "../resources/state-badges";
import { Card } from "../ui/card";
import { TimeAgo } from "../ui/time";
import { OpenTerminalButton } from "../terminal/open-terminal-button";

export function DeploymentOverview({ resource }: { resource: ResourceView }) {
  const info = resource.info as DeploymentInfo;
  return (
    <div className="space-y-6">
      <Card
        title={
          <span className="flex items-center gap-2">
            Container{" "}
            <span data-testid="container-state">
              <ContainerStateBadge state={info.state} />
            </span>
          </span>
        }
      >
        <dl className="mb-4 grid grid-cols-1 gap-3 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-xs text-zinc-500">Deployed image</dt>
            <dd className="font-mono text-xs">{info.deployed?.config.image ?? "—"}</dd>
          </div>
          <div>
            <dt className="text-xs text-zinc-500">Deployed</dt>
            <dd>{info.deployed ? <TimeAgo at={info.deployed.at} /> : "never"}</dd>
          </div>
          <div>
            <dt className="text-xs text-zinc-500">Rollback target</dt>
            <dd className="font-mono text-xs">
              {info.previousDeployed ? `${info.previousDeployed.config.image} (${new Date(info.previousDeployed.at).toLocaleString()})` : "none"}
            </dd>
          </div>
        </dl>
        <ExecutionBar
          type="deployment"
          id={resource.id}
          name={resource.name}
          level={resource.access.level}
          extra={resource.access.specific.includes("Terminal") ? <OpenTerminalButton targetType="deployment" targetId={resource.id} /> : null}
        />
      </Card>
    </div>
  );
}
