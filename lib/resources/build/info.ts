// What a Build's `info` holds (lib/resources/info.ts merges it). Pure types: the UI reads the same shape.
import type { GitCommit } from "../../protocol/git";

/** One successful build: what it made and from what. */
export interface BuiltVersion {
  version: string;
  commit: GitCommit | null;
  /** The pushed manifest's digest (sha256:…), when pushed. */
  digest: string | null;
  images: string[];
  at: string;
  updateId: string;
}

export interface BuildInfo {
  latest?: BuiltVersion;
  /** Newest first, the last 50. */
  history?: BuiltVersion[];
}
