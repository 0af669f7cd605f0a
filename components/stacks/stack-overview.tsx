"use client";

import type { StackInfo } from "@/lib/resources/stack/info";
import type { ResourceView } from "@/lib/resources/view";
import { ContainerStateBadge } from "../resources/state-badges";
import { ExecutionBar } from "../executions/execution-bar";
import { Card } from "../ui/card";
import { OpenTerminalButton } from "../terminal/open-terminal-button";

export function StackOverview({ resource }: { resource: ResourceView }) {
  const services = Object.entries((resource.info as StackInfo).services ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const shells = resource.access.specific.includes("Terminal");
  return (
    <Card title="Services">
      {services.length === 0 ? (
        <p className="mb-4 text-sm text-zinc-500">No services seen yet. Deploy the stack to start them.</p>
      ) : (
        <ul className="mb-4 divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="stack-services">
          {services.map(([service, state]) => (
            <li key={service} className="flex items-center gap-3 py-2 text-sm">
              <span className="font-medium">{service}</span>
              <ContainerStateBadge state={state} />
              {shells && state === "running" ? (
                <span className="ml-auto">
                  <OpenTerminalButton targetType="stack" targetId={resource.id} service={service} label={`Shell in ${service}`} />
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <ExecutionBar type="stack" id={resource.id} name={resource.name} level={resource.access.level} />
    </Card>
  );
}
