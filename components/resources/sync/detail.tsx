"use client";

import dynamic from "next/dynamic";
import { Spinner } from "../../ui/states";
import type { DetailExtension } from "../details";

// The Overview is the plan: review it (and, for a UI source, edit the TOML) and execute all of
// it or the items selected. A sync's Execute needs the plan's hash, so it lives here and never
// on the generic execution bar (`fromPlan` in lib/resources/operations.ts). Loaded only on a
// sync's page: details.tsx is part of every resource page.
const SyncOverview = dynamic(() => import("../../syncs/sync-overview").then((m) => m.SyncOverview), { loading: () => <Spinner /> });

export const syncDetail: DetailExtension = {
  overview: (r) => <SyncOverview resource={r} />,
};
