"use client";

import { DeliveriesCard } from "../../alerters/deliveries-card";
import { ExecutionBar } from "../../executions/execution-bar";
import { Card } from "../../ui/card";
import type { DetailExtension } from "../details";

// "Send test alert" is the Alerter's execution (lib/resources/operations.ts): sent at once, its
// outcome in the Update console it opens (or, when it fails, in the error).
export const alerterDetail: DetailExtension = {
  overview: (r) => (
    <div className="space-y-4">
      <Card title="Test">
        <p className="mb-3 text-sm text-zinc-500">Sends a made-up alert through this alerter now, so you can see it arrive.</p>
        <ExecutionBar type="alerter" id={r.id} name={r.name} level={r.access.level} />
      </Card>
      <DeliveriesCard resource={r} />
    </div>
  ),
};
