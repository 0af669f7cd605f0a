"use client";

import { BuildOverview } from "../../builds/build-overview";
import type { DetailExtension } from "../details";

export const buildDetail: DetailExtension = {
  overview: (r) => <BuildOverview resource={r} />,
};
