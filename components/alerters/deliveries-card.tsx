"use client";

import { useResourcePanel } from "../resources/use-resource-panel";
import type { AlerterDeliveriesView } from "@/lib/alerts/delivery-types";
import { resourceKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import type { ResourceView } from "@/lib/resources/view";
import { Badge, type Tone } from "../ui/badge";
import { Card } from "../ui/card";
import { ErrorState, Spinner } from "../ui/states";
import { TimeAgo } from "../ui/time";

type Delivery = AlerterDeliveriesView["deliveries"][number];

const STATUS: Record<string, { label: string; tone: Tone }> = {
  pending: { label: "retrying", tone: "amber" },
  sent: { label: "sent", tone: "green" },
  failed: { label: "failed", tone: "red" },
  suppressed: { label: "suppressed", tone: "slate" },
};

const statusOf = (d: Delivery) =>
  d.status === "pending" && d.attempts === 0 ? { label: "queued", tone: "slate" as Tone } : (STATUS[d.status] ?? { label: d.status, tone: "slate" as Tone });

/** The Alerter's latest deliveries: what it was given, and whether it got through. */
export function DeliveriesCard({ resource }: { resource: ResourceView }) {
  const { data, error, refetch, isPending } = useResourcePanel<AlerterDeliveriesView>(
    resourceKeys.deliveries(resource.id),
    urls.resources.deliveries(resource.id),
    resource,
  );

  if (isPending) return <Spinner />;
  if (error || !data) return <ErrorState error={error} retry={() => void refetch()} />;
  return (
    <Card title="Recent deliveries">
      {data.deliveries.length === 0 ? (
        <p className="text-sm text-zinc-500">Nothing delivered yet. Use “Send test alert” to check the endpoint.</p>
      ) : (
        <table className="w-full text-left text-sm" data-testid="alerter-deliveries">
          <thead className="text-xs text-zinc-500">
            <tr>
              <th className="py-1 pr-4 font-medium">When</th>
              <th className="py-1 pr-4 font-medium">Alert</th>
              <th className="py-1 pr-4 font-medium">Status</th>
              <th className="py-1 pr-4 font-medium">Attempts</th>
              <th className="py-1 font-medium">Error</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {data.deliveries.map((d) => {
              const status = statusOf(d);
              return (
                <tr key={d.id}>
                  <td className="py-1.5 pr-4 whitespace-nowrap">
                    <TimeAgo at={d.sentAt ?? d.createdAt} />
                  </td>
                  <td className="py-1.5 pr-4">
                    {d.alertType} {d.event === "resolved" ? "resolved" : "opened"}
                    <span className="text-zinc-500">
                      {" "}
                      on {d.targetType} {d.targetName ?? "(hidden)"}
                    </span>
                  </td>
                  <td className="py-1.5 pr-4">
                    <Badge tone={status.tone}>{status.label}</Badge>
                  </td>
                  <td className="py-1.5 pr-4">{d.attempts}</td>
                  <td className="py-1.5 break-all text-zinc-600 dark:text-zinc-400">{d.error}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Card>
  );
}
