"use client";

import { ServerInventory } from "../../servers/server-inventory";
import { ServerOverview } from "../../servers/server-overview";
import { OpenTerminalButton } from "../../terminal/open-terminal-button";
import type { DetailExtension } from "../details";

export const serverDetail: DetailExtension = {
  overview: (r) => <ServerOverview resource={r} />,
  headerActions: (r) => (r.access.specific.includes("Terminal") ? <OpenTerminalButton targetType="server" targetId={r.id} label="Host shell" /> : null),
  tabs: [{ id: "inventory", label: "Docker", render: (r) => <ServerInventory resource={r} /> }],
};
