"use client";

import { ErrorState } from "@/components/ui/states";

export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorState error={new Error(error.digest ? "This page failed to load. The server log has the details." : error.message)} retry={reset} />;
}
