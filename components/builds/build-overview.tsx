"use client";

import Link from "next/link";
import type { BuildInfo } from "@/lib/resources/build/info";
import type { ResourceView } from "@/lib/resources/view";
import { ExecutionBar } from "../executions/execution-bar";
import { Card } from "../ui/card";

/** The versions built, newest first (commit, digest, where it was pushed), and Build. */
export function BuildOverview({ resource }: { resource: ResourceView }) {
  const history = (resource.info as BuildInfo).history ?? [];
  return (
    <Card title="Versions">
      {history.length === 0 ? (
        <p className="mb-4 text-sm text-zinc-500">Not built yet.</p>
      ) : (
        <table className="mb-4 w-full text-left text-sm" data-testid="build-versions">
          <thead className="text-xs text-zinc-500">
            <tr>
              <th className="py-1 pr-4 font-medium">Version</th>
              <th className="py-1 pr-4 font-medium">Commit</th>
              <th className="py-1 pr-4 font-medium">Digest</th>
              <th className="py-1 font-medium">Built</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {history.map((v) => (
              <tr key={v.updateId}>
                <td className="py-1.5 pr-4 font-medium">{v.version}</td>
                <td className="py-1.5 pr-4" title={v.commit?.message}>
                  {v.commit ? <code className="font-mono">{v.commit.hash.slice(0, 8)}</code> : "—"} {v.commit?.message}
                </td>
                <td className="py-1.5 pr-4 font-mono text-xs">{v.digest ? v.digest.slice(0, 19) : "not pushed"}</td>
                <td className="py-1.5">
                  <Link className="text-indigo-600 hover:underline dark:text-indigo-400" href={`/updates/${v.updateId}`}>
                    {new Date(v.at).toLocaleString()}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ExecutionBar type="build" id={resource.id} name={resource.name} level={resource.access.level} />
    </Card>
  );
}
