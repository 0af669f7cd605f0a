// The Update log's responses as the browser receives them, derived from ./list (type-only).
import type { WireOf } from "../wire";
import type { getUpdate, listUpdates } from "./list";

export type UpdatePage = WireOf<typeof listUpdates>;
export type UpdateSummary = UpdatePage["items"][number];
export type UpdateDetail = WireOf<typeof getUpdate>;
