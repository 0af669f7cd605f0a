"use client";

import { useQuery } from "@tanstack/react-query";
import { Bell } from "lucide-react";
import Link from "next/link";
import { api } from "@/lib/client/api";
import { alertKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import type { AlertCount } from "@/lib/alerts/types";
import { cn } from "../ui/cn";

/**
 * The top bar's bell: how many open alerts this user may see, live (alerts.changed invalidates
 * alertKeys.all through the live feed; the slow poll is only a fallback for a dropped feed).
 */
export function AlertCountBell() {
  const { data } = useQuery({ queryKey: alertKeys.openCount, queryFn: () => api<AlertCount>(urls.alerts.count()), refetchInterval: 60_000 });
  const open = data?.open ?? 0;
  const unacknowledged = data?.unacknowledged ?? 0;
  const label = open ? `${open} open alert${open === 1 ? "" : "s"}${unacknowledged ? `, ${unacknowledged} not acknowledged` : ""}` : "No open alerts";
  return (
    <Link
      href="/alerts"
      title={label}
      aria-label={label}
      data-testid="alert-count"
      className="relative rounded-md p-2 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
    >
      <Bell className="size-4" aria-hidden />
      {open ? (
        <span
          className={cn(
            "absolute -right-0.5 -top-0.5 min-w-4 rounded-full px-1 text-center text-[10px] font-semibold leading-4 text-white",
            unacknowledged ? "bg-red-600" : "bg-zinc-500",
          )}
        >
          {open > 99 ? "99+" : open}
        </span>
      ) : null}
    </Link>
  );
}
