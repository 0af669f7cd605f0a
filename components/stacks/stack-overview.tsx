"use client";

import type { StackInfo } from "@/lib/resources/stack/info";
import type { ResourceView } from "@/lib/resources/view";
import { ContainerStateBadge } from "../resources/state-badges";
import { atLeast } from "@/lib/authz/permissions";
import { ExecutionBar } from "../executions/execution-bar";
import { RemoteHead } from "../git/remote-head";
import { Card } from "../ui/card";
import { OpenTerminalButton } from "../terminal/open-terminal-button";

export function StackOverview({ resource }: { resource: ResourceView }) {
  const info = resource.info as StackInfo;
  const services = Object.entries(info.services ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const shells = resource.access.specific.includes("Terminal");
  return (
    <Card title="Services">
      {info.deployed?.commit ? (
        <p className="mb-3 text-sm" data-testid="stack-commit">
          <span className="text-zinc-500">Deployed commit</span> <code className="font-mono">{info.deployed.commit.slice(0, 12)}</code>{" "}
          {info.deployed.commitMessage}
        </p>
      ) : null}
      {resource.config.source === "git" && atLeast(resource.access.level, "Execute") ? (
        <RemoteHead plural="stacks" id={resource.id} current={info.deployed?.commit} />
      ) : null}
      {info.missingFiles?.length ? (
        <p
          className="mb-3 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
          role="alert"
        >
          Missing compose files: {info.missingFiles.join(", ")}
        </p>
      ) : null}
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
