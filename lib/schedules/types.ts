// The schedule panel's response type, derived from the lib function the route returns (type-only,
// so the browser bundle carries none of it).
import type { WireOf } from "../wire";
import type { procedureSchedule } from "./view";

export type ProcedureScheduleView = WireOf<typeof procedureSchedule>;
