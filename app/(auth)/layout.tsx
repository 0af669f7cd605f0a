import type { ReactNode } from "react";

// These pages read the database (is setup done? who is signed in?), so they render per request.
export const dynamic = "force-dynamic";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen items-center justify-center bg-gradient-to-br from-zinc-900 via-zinc-900 to-indigo-950 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center text-white">
          <p className="text-2xl font-semibold tracking-tight">Wheelhouse</p>
          <p className="mt-1 text-sm text-zinc-400">Docker hosts and Kubernetes clusters, in one place</p>
        </div>
        <div className="rounded-xl bg-white p-6 shadow-2xl dark:bg-zinc-900">{children}</div>
      </div>
    </div>
  );
}
