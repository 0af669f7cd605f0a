export interface UpdateSummary {
  id: string;
  operation: string;
  targetType: string;
  targetId: string | null;
  targetName: string | null;
  status: string;
  success: boolean | null;
  error: string | null;
  startedAt: string;
  endedAt: string | null;
  operator: { id: string; username: string } | null;
}

export interface UpdateDetail extends UpdateSummary {
  previousConfig: unknown;
  newConfig: unknown;
  logs: { id: string; stage: string; command: string; stdout: string; stderr: string; success: boolean | null; startedAt: string; endedAt: string | null }[];
}
