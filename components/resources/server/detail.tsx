"use client";

import dynamic from "next/dynamic";
import { ServerOverview } from "../../servers/server-overview";
import { OpenTerminalButton } from "../../terminal/open-terminal-button";
import { Spinner } from "../../ui/states";
import type { DetailExtension } from "../details";

// A tab, not the first paint: its code (and the table it brings) loads when it is opened.
const ServerInventory = dynamic(() => import("../../servers/server-inventory").then((m) => m.ServerInventory), { loading: () => <Spinner /> });

export const serverDetail: DetailExtension = {
  overview: (r) => <ServerOverview resource={r} />,
  headerActions: (r) => (r.access.specific.includes("Terminal") ? <OpenTerminalButton targetType="server" targetId={r.id} label="Host shell" /> : null),
  tabs: [{ id: "inventory", label: "Docker", render: (r) => <ServerInventory resource={r} /> }],
};
