"use client";

import { SyncOverview } from "../../syncs/sync-overview";
import type { DetailExtension } from "../details";

// The Overview is the plan: review it (and, for a UI source, edit the TOML) and execute all of
// it or the items selected. A sync's Execute needs the plan's hash, so it lives here and never
// on the generic execution bar (`fromPlan` in lib/resources/operations.ts).
export const syncDetail: DetailExtension = {
  overview: (r) => <SyncOverview resource={r} />,
};
