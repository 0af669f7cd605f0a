"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/lib/client/api";
import { adminKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { DataTable, type DataColumn } from "../ui/data-table";
import { Field, Input } from "../ui/field";
import { EmptyState } from "../ui/states";
import type { GroupRow } from "@/lib/users/types";

const COLUMNS: DataColumn<GroupRow>[] = [
  {
    id: "name",
    header: "Group",
    sortValue: (g) => g.name,
    cell: (g) => (
      <Link href={`/admin/groups/${g.id}`} className="font-medium hover:text-indigo-600">
        {g.name}
      </Link>
    ),
  },
  {
    id: "members",
    header: "Members",
    sortValue: (g) => g.members.length,
    cell: (g) => `${g.members.length} member${g.members.length === 1 ? "" : "s"}`,
    className: "text-zinc-500",
  },
];

export function GroupsAdmin({ initial }: { initial: GroupRow[] }) {
  const router = useRouter();
  const groups = useQuery({ queryKey: adminKeys.groups, queryFn: () => api<GroupRow[]>(urls.userGroups.list()), initialData: initial });
  const [name, setName] = useState("");
  const create = useApiMutation({
    mutationFn: () => api<GroupRow>(urls.userGroups.create(), { method: "POST", body: { name } }),
    invalidate: [adminKeys.groups],
    onSuccess: (g) => router.push(`/admin/groups/${g.id}`),
  });
  const errors = create.fieldErrors;
  return (
    <div className="space-y-6">
      <Card title="New group">
        <form className="flex items-end gap-3" onSubmit={(e) => (e.preventDefault(), create.mutate())}>
          <div className="flex-1">
            <Field label="Name" htmlFor="group-name" errors={errors.name}>
              <Input id="group-name" value={name} onChange={(e) => setName(e.target.value)} invalid={!!errors.name} placeholder="platform-team" />
            </Field>
          </div>
          <Button type="submit" disabled={create.isPending || !name.trim()}>
            Create group
          </Button>
        </form>
      </Card>
      {groups.data.length === 0 ? (
        <EmptyState title="No groups yet" description="Groups share grants among their members." />
      ) : (
        <Card title="Groups">
          <DataTable bare data={groups.data} columns={COLUMNS} rowKey={(g) => g.id} testId="groups-table" initialSort={{ id: "name" }} />
        </Card>
      )}
    </div>
  );
}
