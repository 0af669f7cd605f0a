"use client";

import type { RepoInfo } from "@/lib/resources/repo/info";
import type { ResourceView } from "@/lib/resources/view";
import { atLeast } from "@/lib/authz/permissions";
import { ExecutionBar } from "../executions/execution-bar";
import { RemoteHead } from "../git/remote-head";
import { Card } from "../ui/card";

/** The commit on the Server (from the last clone or pull that succeeded), and Clone / Pull. */
export function RepoOverview({ resource }: { resource: ResourceView }) {
  const { latestCommit, path } = resource.info as RepoInfo;
  return (
    <Card title="Checkout">
      {latestCommit ? (
        <dl className="mb-4 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm" data-testid="repo-checkout">
          <dt className="text-zinc-500">Commit</dt>
          <dd>
            <code className="font-mono">{latestCommit.hash.slice(0, 12)}</code> {latestCommit.message}
          </dd>
          <dt className="text-zinc-500">Path</dt>
          <dd className="font-mono break-all">{path}</dd>
          <dt className="text-zinc-500">Updated</dt>
          <dd>{new Date(latestCommit.at).toLocaleString()}</dd>
        </dl>
      ) : (
        <p className="mb-4 text-sm text-zinc-500">Not cloned yet. Clone it onto its server.</p>
      )}
      {resource.config.repoUrl && atLeast(resource.access.level, "Execute") ? (
        <RemoteHead plural="repos" id={resource.id} current={latestCommit?.hash} />
      ) : null}
      <ExecutionBar type="repo" id={resource.id} name={resource.name} level={resource.access.level} />
    </Card>
  );
}
