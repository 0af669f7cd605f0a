import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { LiveEventsProvider } from "@/components/live/live-events";
import { AppShell } from "@/components/shell/app-shell";
import { currentActor } from "@/lib/auth/session";
import { needsSetup } from "@/lib/users/users";

// Every dashboard page depends on who is signed in.
export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const actor = await currentActor();
  if (!actor) redirect((await needsSetup()) ? "/setup" : "/login");
  return (
    <LiveEventsProvider>
      <AppShell user={{ username: actor.username, admin: actor.admin }}>{children}</AppShell>
    </LiveEventsProvider>
  );
}
