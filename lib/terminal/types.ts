// A terminal session as POST /api/v1/terminals and /api/v1/kube/shells return it (type-only).
import type { WireOf } from "../wire";
import type { openTerminal } from "./open";

export type OpenedTerminal = WireOf<typeof openTerminal>;
