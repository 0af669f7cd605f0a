import Link from "next/link";
import { TypeIcon } from "@/components/resources/type-icon";
import { UpdateList } from "@/components/updates/update-list";
import { PageHeader } from "@/components/ui/card";
import { load } from "@/lib/pages/load";
import { listResources } from "@/lib/resources/read";
import { RESOURCE_TYPES } from "@/lib/resources/registry";

export const metadata = { title: "Overview" };

export default async function OverviewPage() {
  const { actor, data: counts } = await load((actor) =>
    Promise.all(RESOURCE_TYPES.map(async (def) => ({ def, count: (await listResources(actor, def.key)).length }))),
  );
  return (
    <div className="space-y-6">
      <PageHeader title={`Welcome, ${actor.username}`} description="Everything you can see across your Docker hosts and Kubernetes clusters." />
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {counts.map(({ def, count }) => (
          <Link
            key={def.key}
            href={`/${def.plural}`}
            className="group rounded-lg border border-zinc-200 bg-white p-4 shadow-sm transition hover:border-indigo-300 hover:shadow dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-indigo-700"
          >
            <div className="flex items-center justify-between text-zinc-500 group-hover:text-indigo-600 dark:group-hover:text-indigo-400">
              <span className="text-xs font-medium uppercase tracking-wide">{def.labelPlural}</span>
              <TypeIcon type={def.key} />
            </div>
            <p className="mt-2 text-2xl font-semibold tabular-nums">{count}</p>
          </Link>
        ))}
      </div>
      <section>
        <h2 className="mb-3 text-sm font-semibold">Recent updates</h2>
        <UpdateList />
      </section>
    </div>
  );
}
