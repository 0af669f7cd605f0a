import { FileDown } from "lucide-react";
import { ExportView } from "@/components/syncs/export-view";
import { PageHeader } from "@/components/ui/card";
import { load } from "@/lib/pages/load";

export const metadata = { title: "Export" };

export default async function ExportPage() {
  await load(async () => null);
  return (
    <div>
      <PageHeader
        icon={<FileDown className="size-5" />}
        title="Export"
        description="What you can read, as Resource Sync TOML: paste it into a sync (or commit it to a sync's repository) to declare it."
      />
      <ExportView />
    </div>
  );
}
