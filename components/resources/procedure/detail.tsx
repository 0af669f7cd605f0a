"use client";

import { ScheduleCard } from "../../procedures/schedule-card";
import type { DetailExtension } from "../details";

export const procedureDetail: DetailExtension = {
  overview: (r) => <ScheduleCard resource={r} />,
};
