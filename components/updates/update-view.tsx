"use client";

import Link from "next/link";
import { Card, PageHeader } from "../ui/card";
import { TimeAgo } from "../ui/time";
import { ConfigDiff } from "./config-diff";
import { UpdateStatusBadge } from "./status-badge";
import type { UpdateDetail } from "@/lib/updates/types";
import { targetHref } from "./update-list";
import { isRunState } from "@/lib/procedures/state";
import { ProcedureRunView } from "../procedures/run-view";

export function UpdateView({ update }: { update: UpdateDetail }) {
  const href = targetHref(update);
  const duration = update.endedAt ? Math.max(0, new Date(update.endedAt).getTime() - new Date(update.startedAt).getTime()) : null;
  return (
    <div className="space-y-6">
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            {update.operation} <UpdateStatusBadge status={update.status} success={update.success} />
          </span>
        }
        description={
          <>
            {href ? (
              <Link href={href} className="text-indigo-600 hover:underline dark:text-indigo-400">
                {update.targetName}
              </Link>
            ) : (
              update.targetName
            )}{" "}
            · by {update.operator?.username ?? update.via ?? "system"} · <TimeAgo at={update.startedAt} />
            {duration !== null ? ` · ${duration} ms` : ""}
          </>
        }
      />
      {update.error ? <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">{update.error}</p> : null}
      {update.parentId ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          A step of{" "}
          <Link href={`/updates/${update.parentId}`} className="text-indigo-600 hover:underline dark:text-indigo-400">
            a procedure run
          </Link>
          .
        </p>
      ) : null}
      {isRunState(update.detail) ? <ProcedureRunView initial={update} /> : null}
      {update.previousConfig || update.newConfig ? (
        <Card title="Configuration change">
          <ConfigDiff before={update.previousConfig} after={update.newConfig} />
        </Card>
      ) : null}
      <Card title="Log">
        <div className="space-y-4">
          {update.logs.map((log) => (
            <div key={log.id}>
              <p className="mb-1 flex items-center gap-2 text-xs font-semibold uppercase tracking-wide text-zinc-500">
                {log.stage} {log.success === false ? <span className="text-red-500">failed</span> : null}
              </p>
              {log.command ? <pre className="mb-1 text-xs text-zinc-500">$ {log.command}</pre> : null}
              <pre className="overflow-x-auto whitespace-pre-wrap rounded-md bg-zinc-950 p-3 text-xs leading-5 text-zinc-200">
                {log.stdout}
                {log.stderr ? <span className="text-red-400">{log.stderr}</span> : null}
              </pre>
            </div>
          ))}
        </div>
      </Card>
    </div>
  );
}
