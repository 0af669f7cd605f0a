// What a Repo's `info` holds (lib/resources/info.ts merges it). Pure types: the UI reads the same shape.
import type { GitCommit } from "../../protocol/git";

export interface RepoInfo {
  /** The commit checked out by the last clone or pull that succeeded. */
  latestCommit?: GitCommit & { at: string; updateId: string };
  /** Where it is on the Server's host. */
  path?: string;
}
