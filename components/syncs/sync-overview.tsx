"use client";

import { useQuery } from "@tanstack/react-query";
import { AlertTriangle, RefreshCw } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { api } from "@/lib/client/api";
import { updateKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import { atLeast } from "@/lib/authz/permissions";
import type { SyncInfo } from "@/lib/resources/sync/info";
import type { ResourceView } from "@/lib/resources/view";
import type { SyncError, SyncPlan } from "@/lib/sync/types";
import type { UpdateDetail } from "@/lib/updates/types";
import { UpdateConsole } from "../executions/update-console";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ErrorState, Spinner } from "../ui/states";
import { TimeAgo } from "../ui/time";
import { ExecutePlan } from "./execute-plan";
import { TomlSource } from "./toml-source";
import { useSyncPlan } from "./use-sync-plan";

/** The Sync's Overview: its plan (summary, errors, items with their diffs), executing it, and for a UI source its TOML. */
export function SyncOverview({ resource }: { resource: ResourceView }) {
  const { plan, refresh, execute, updateId, changed } = useSyncPlan(resource.id);
  const [focus, setFocus] = useState<{ line: number }>();
  const editorHere = resource.config.source === "ui";
  const ownFile = `${resource.name}.toml`;
  const data = plan.data;
  const info = resource.info as SyncInfo;
  // The sync's info carries the last plan computed anywhere (live, through resource.changed):
  // a later one than this page's says the plan on screen may be out of date.
  const newer = Boolean(data && info.pending && info.pending.hash !== data.hash && info.pending.at > data.computedAt);

  return (
    <div className="space-y-4">
      <PlanSummary plan={data} fetching={plan.isFetching} onRefresh={() => void refresh()} executed={info.executed} />
      {changed ? (
        <div
          role="status"
          data-testid="plan-changed"
          className="flex items-center gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200"
        >
          <AlertTriangle className="size-4 shrink-0" /> The plan changed — review the new plan. Nothing was applied.
        </div>
      ) : null}
      {newer ? (
        <div
          role="status"
          data-testid="plan-newer"
          className="flex items-center gap-2 rounded-md border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-900 dark:border-sky-800 dark:bg-sky-950/40 dark:text-sky-200"
        >
          A newer plan was computed <TimeAgo at={info.pending!.at} /> (a webhook, a poll or someone else&apos;s refresh).
          <Button variant="ghost" className="ml-auto" onClick={() => void refresh()} disabled={plan.isFetching}>
            Show it
          </Button>
        </div>
      ) : null}
      {plan.isPending ? (
        <Spinner label="Planning" />
      ) : plan.isError && !data ? (
        <ErrorState error={plan.error} retry={() => void refresh()} />
      ) : data ? (
        <>
          {plan.isError ? <ErrorState error={plan.error} retry={() => void refresh()} /> : null}
          {data.errors.length ? (
            <PlanErrors
              errors={data.errors}
              editorFile={editorHere ? ownFile : undefined}
              onPick={(line) => {
                setFocus({ line });
                document.getElementById("sync-toml-editor")?.scrollIntoView({ block: "center" });
              }}
            />
          ) : null}
          <ExecutePlan
            plan={data}
            name={resource.name}
            canExecute={atLeast(resource.access.level, "Execute")}
            pending={execute.isPending}
            onExecute={(items) => execute.mutate({ hash: data.hash, items })}
          />
        </>
      ) : null}
      {updateId ? <RunOutput key={updateId} updateId={updateId} onDone={() => void refresh()} /> : null}
      {editorHere ? (
        <TomlSource resource={resource} errors={(data?.errors ?? []).filter((e) => e.file === ownFile)} focus={focus} onSaved={() => void refresh()} />
      ) : null}
    </div>
  );
}

function PlanSummary({ plan, fetching, onRefresh, executed }: { plan?: SyncPlan; fetching: boolean; onRefresh: () => void; executed?: SyncInfo["executed"] }) {
  const count = (a: string) => plan?.items.filter((i) => i.action === a).length ?? 0;
  const figures: [string, number, string][] = [
    ["Creates", count("create"), "text-emerald-600 dark:text-emerald-400"],
    ["Updates", count("update"), "text-amber-600 dark:text-amber-400"],
    ["Deletes", count("delete"), "text-red-600 dark:text-red-400"],
    ["Deploys", plan?.items.filter((i) => i.deploy.will).length ?? 0, "text-sky-600 dark:text-sky-400"],
    ["Errors", plan?.errors.length ?? 0, "text-red-600 dark:text-red-400"],
  ];
  return (
    <Card
      title="Plan"
      actions={
        <Button variant="secondary" onClick={onRefresh} disabled={fetching}>
          <RefreshCw className={fetching ? "size-4 animate-spin" : "size-4"} /> {fetching ? "Planning…" : "Refresh"}
        </Button>
      }
    >
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-5" data-testid="plan-summary">
        {figures.map(([label, n, tone]) => (
          <div key={label}>
            <dt className="text-xs text-zinc-500">{label}</dt>
            <dd
              className={`text-2xl font-semibold tabular-nums ${n ? tone : "text-zinc-400 dark:text-zinc-600"}`}
              data-testid={`plan-count-${label.toLowerCase()}`}
            >
              {n}
            </dd>
          </div>
        ))}
      </dl>
      <p className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-500">
        {plan ? (
          <span>
            Computed <TimeAgo at={plan.computedAt} />
          </span>
        ) : null}
        {plan?.commit ? (
          <span>
            Commit <code className="font-mono">{plan.commit.slice(0, 8)}</code>
          </span>
        ) : null}
        {executed ? (
          <span>
            Last executed{" "}
            <Link className="text-indigo-600 hover:underline dark:text-indigo-400" href={`/updates/${executed.updateId}`}>
              <TimeAgo at={executed.at} />
            </Link>
          </span>
        ) : null}
      </p>
    </Card>
  );
}

/** Every problem in the TOML, at its place; one in this sync's own file is a link to its line in the editor below. */
function PlanErrors({ errors, editorFile, onPick }: { errors: SyncError[]; editorFile?: string; onPick: (line: number) => void }) {
  return (
    <Card title={<span className="text-red-700 dark:text-red-400">{`${errors.length} error${errors.length === 1 ? "" : "s"}: nothing can be applied`}</span>}>
      <ul className="space-y-1 text-sm" data-testid="plan-errors">
        {errors.map((e, i) => {
          const where = `${e.file}:${e.line}:${e.column}`;
          return (
            <li key={i} className="flex gap-2">
              {e.file === editorFile ? (
                <button
                  type="button"
                  className="shrink-0 font-mono text-xs text-indigo-600 hover:underline dark:text-indigo-400"
                  title="Show this line in the editor"
                  onClick={() => onPick(e.line)}
                >
                  {where}
                </button>
              ) : (
                <code className="shrink-0 font-mono text-xs text-zinc-500">{where}</code>
              )}
              <span className="text-red-700 dark:text-red-300">{e.message}</span>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

/** The run's live output; when it ends, the plan is computed again (an executed plan should now be empty). */
function RunOutput({ updateId, onDone }: { updateId: string; onDone: () => void }) {
  const { data } = useQuery({ queryKey: updateKeys.detail(updateId), queryFn: () => api<UpdateDetail>(urls.updates.detail(updateId)) });
  const finished = data?.status === "Complete";
  const done = useRef(onDone);
  useEffect(() => {
    done.current = onDone;
  }, [onDone]);
  useEffect(() => {
    if (finished) done.current();
  }, [finished]);
  return <UpdateConsole updateId={updateId} />;
}
