"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/lib/client/api";
import { adminKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Select } from "../ui/field";
import { GrantsEditor } from "./grants-editor";
import { KubePoliciesEditor } from "./kube-policies-editor";
import type { GroupRow, UserRow } from "@/lib/users/types";

export function GroupDetail({ initial, users }: { initial: GroupRow; users: UserRow[] }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const key = adminKeys.group(initial.id);
  const group = useQuery({ queryKey: key, queryFn: () => api<GroupRow>(urls.userGroups.detail(initial.id)), initialData: initial }).data;
  const [deleting, setDeleting] = useState(false);
  const setMembers = useApiMutation({
    mutationFn: (memberIds: string[]) => api<GroupRow>(urls.userGroups.detail(group.id), { method: "PATCH", body: { memberIds } }),
    onSuccess: (g) => queryClient.setQueryData(key, g),
    invalidate: [adminKeys.groups],
  });
  const remove = useApiMutation({
    mutationFn: () => api(urls.userGroups.detail(group.id), { method: "DELETE" }),
    invalidate: [adminKeys.groups],
    onSuccess: () => router.push("/admin/groups"),
  });
  const memberIds = group.members.map((m) => m.id);
  const candidates = users.filter((u) => !memberIds.includes(u.id));
  return (
    <div className="space-y-6">
      <Card
        title="Members"
        actions={
          <Button variant="danger" onClick={() => setDeleting(true)}>
            Delete group
          </Button>
        }
      >
        <div className="flex flex-wrap items-center gap-2" data-testid="members">
          {group.members.length === 0 ? <span className="text-sm text-zinc-500">No members yet.</span> : null}
          {group.members.map((m) => (
            <Badge key={m.id} tone="blue">
              {m.username}
              <button type="button" aria-label={`Remove ${m.username}`} onClick={() => setMembers.mutate(memberIds.filter((id) => id !== m.id))}>
                <X className="size-3" />
              </button>
            </Badge>
          ))}
          <Select aria-label="Add member" className="w-48" value="" onChange={(e) => e.target.value && setMembers.mutate([...memberIds, e.target.value])}>
            <option value="">+ Add member</option>
            {candidates.map((u) => (
              <option key={u.id} value={u.id}>
                {u.username}
              </option>
            ))}
          </Select>
        </div>
      </Card>
      <GrantsEditor subject={{ userGroupId: group.id }} />
      <KubePoliciesEditor subject={{ userGroupId: group.id }} />
      <ConfirmDialog
        open={deleting}
        title={`Delete group ${group.name}?`}
        confirmLabel="Delete"
        pending={remove.isPending}
        onConfirm={() => remove.mutate()}
        onCancel={() => setDeleting(false)}
      >
        Members lose the permissions granted through this group.
      </ConfirmDialog>
    </div>
  );
}
