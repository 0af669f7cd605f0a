// What a ResourceSync's `info` holds (lib/resources/info.ts merges it). Pure types: the UI reads the same shape.

export interface SyncInfo {
  /** The last plan computed (on refresh, webhook or poll): how much it would change. */
  pending?: { changes: number; deploys: number; errors: number; hash: string; at: string; commit?: string };
  /** The last execute. */
  executed?: { at: string; updateId: string; hash: string };
}
