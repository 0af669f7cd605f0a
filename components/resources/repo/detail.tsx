"use client";

import { RepoOverview } from "../../repos/repo-overview";
import type { DetailExtension } from "../details";

export const repoDetail: DetailExtension = {
  overview: (r) => <RepoOverview resource={r} />,
};
