"use client";

import { useResourcePanel } from "../resources/use-resource-panel";
import Link from "next/link";
import { resourceKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import type { ResourceView } from "@/lib/resources/view";
import type { ProcedureScheduleView } from "@/lib/schedules/types";
import { Badge, type Tone } from "../ui/badge";
import { Card } from "../ui/card";
import { ErrorState, Spinner } from "../ui/states";
import { TimeAgo } from "../ui/time";

const OUTCOME: Record<ProcedureScheduleView["ticks"][number]["outcome"], { label: string; tone: Tone }> = {
  run: { label: "ran", tone: "green" },
  missed: { label: "missed", tone: "amber" },
  failed: { label: "failed to start", tone: "red" },
};

/** A time in the schedule's own timezone, which is what its HH:MM means. */
const inZone = (iso: string, timeZone: string) => {
  try {
    return new Date(iso).toLocaleString(undefined, { timeZone, dateStyle: "medium", timeStyle: "medium" });
  } catch {
    return new Date(iso).toLocaleString();
  }
};

/** The Procedure's schedule: what it says, its timezone, the next runs and what recent ticks did. */
export function ScheduleCard({ resource }: { resource: ResourceView }) {
  const { data, error, refetch, isPending } = useResourcePanel<ProcedureScheduleView>(
    resourceKeys.schedule(resource.id),
    urls.resources.schedule(resource.id),
    resource,
  );

  if (isPending) return <Spinner />;
  if (error || !data) return <ErrorState error={error} retry={() => void refetch()} />;
  return (
    <Card title="Schedule" actions={<Badge tone={data.enabled ? "green" : "slate"}>{data.enabled ? "enabled" : "off"}</Badge>}>
      {data.schedule ? (
        <dl className="mb-4 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm" data-testid="schedule-summary">
          <dt className="text-zinc-500">Schedule</dt>
          <dd>
            {data.schedule}
            {data.cron && data.cron !== data.schedule ? <code className="ml-2 font-mono text-xs text-zinc-500">({data.cron})</code> : null}
          </dd>
          <dt className="text-zinc-500">Timezone</dt>
          <dd>{data.timezone}</dd>
        </dl>
      ) : (
        <p className="mb-4 text-sm text-zinc-500">No schedule: set one in Configuration to run this procedure on its own.</p>
      )}
      {data.error ? <p className="mb-4 text-sm text-red-600 dark:text-red-400">This schedule can&apos;t run: {data.error}</p> : null}
      {data.nextRuns.length ? (
        <>
          <h3 className="mb-1 text-xs font-medium text-zinc-500">Next runs ({data.timezone} time)</h3>
          <ol className="mb-4 space-y-0.5 text-sm" data-testid="schedule-next-runs">
            {data.nextRuns.map((at) => (
              <li key={at}>
                {inZone(at, data.timezone)}{" "}
                <span className="text-zinc-500">
                  (<TimeAgo at={at} />)
                </span>
              </li>
            ))}
          </ol>
        </>
      ) : null}
      <h3 className="mb-1 text-xs font-medium text-zinc-500">Recent ticks ({data.timezone} time)</h3>
      {data.ticks.length === 0 ? (
        <p className="text-sm text-zinc-500">None yet.</p>
      ) : (
        <table className="w-full text-left text-sm" data-testid="schedule-ticks">
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {data.ticks.map((t) => (
              <tr key={t.at}>
                <td className="py-1.5 pr-4 whitespace-nowrap">{inZone(t.at, data.timezone)}</td>
                <td className="py-1.5 pr-4">
                  <Badge tone={OUTCOME[t.outcome]?.tone ?? "slate"}>{OUTCOME[t.outcome]?.label ?? t.outcome}</Badge>
                </td>
                <td className="py-1.5 text-zinc-600 dark:text-zinc-400">
                  {t.updateId ? (
                    <Link className="text-indigo-600 hover:underline dark:text-indigo-400" href={`/updates/${t.updateId}`}>
                      View run
                    </Link>
                  ) : (
                    t.detail || (t.outcome === "missed" ? "No core was up; not replayed" : "")
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
