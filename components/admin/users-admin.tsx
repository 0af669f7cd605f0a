"use client";

import { useQuery } from "@tanstack/react-query";
import { Trash2, UserPlus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { api } from "@/lib/client/api";
import { adminKeys } from "@/lib/client/keys";
import { urls } from "@/lib/client/urls";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { DataTable } from "../ui/data-table";
import { Checkbox, Field, Input } from "../ui/field";
import { ErrorState, Spinner } from "../ui/states";
import { TimeAgo } from "../ui/time";
import type { UserRow } from "@/lib/users/types";

export function UsersAdmin({ initial, currentUserId }: { initial: UserRow[]; currentUserId: string }) {
  const users = useQuery({ queryKey: adminKeys.users, queryFn: () => api<UserRow[]>(urls.users.list()), initialData: initial });
  const [form, setForm] = useState({ username: "", password: "", admin: false, enabled: false });
  const [deleting, setDeleting] = useState<UserRow | null>(null);
  // Neither a super-admin nor yourself can be disabled, demoted or deleted here.
  const locked = (u: UserRow) => u.superAdmin || u.id === currentUserId;

  const create = useApiMutation({
    mutationFn: () => api<UserRow>(urls.users.create(), { method: "POST", body: form }),
    onSuccess: () => setForm({ username: "", password: "", admin: false, enabled: false }),
    invalidate: [adminKeys.users],
    successToast: (u) => `User ${u.username} created${u.enabled ? "" : " (disabled until you enable it)"}`,
  });
  const errors = create.fieldErrors;
  const patch = useApiMutation({
    mutationFn: ({ id, body }: { id: string; body: Partial<UserRow> }) => api<UserRow>(urls.users.detail(id), { method: "PATCH", body }),
    invalidate: [adminKeys.users],
  });
  const remove = useApiMutation({
    mutationFn: (id: string) => api(urls.users.detail(id), { method: "DELETE" }),
    onSuccess: () => setDeleting(null),
    invalidate: [adminKeys.users],
    successToast: "User deleted",
    onError: () => setDeleting(null),
  });

  return (
    <div className="space-y-6">
      <Card title="New user">
        <form className="grid items-end gap-3 sm:grid-cols-[1fr_1fr_auto_auto_auto]" onSubmit={(e) => (e.preventDefault(), create.mutate())}>
          <Field label="Username" htmlFor="new-username" errors={errors.username}>
            <Input id="new-username" value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} invalid={!!errors.username} />
          </Field>
          <Field label="Password" htmlFor="new-password" errors={errors.password}>
            <Input
              id="new-password"
              type="password"
              autoComplete="new-password"
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
              invalid={!!errors.password}
            />
          </Field>
          <div className="pb-2">
            <Checkbox label="Admin" checked={form.admin} onChange={(e) => setForm({ ...form, admin: e.target.checked })} />
          </div>
          <div className="pb-2">
            <Checkbox label="Enabled" checked={form.enabled} onChange={(e) => setForm({ ...form, enabled: e.target.checked })} />
          </div>
          <Button type="submit" disabled={create.isPending}>
            <UserPlus className="size-4" /> Create
          </Button>
        </form>
      </Card>
      {users.isError ? (
        <ErrorState error={users.error} />
      ) : !users.data ? (
        <Spinner />
      ) : (
        <DataTable
          data={users.data}
          rowKey={(u) => u.id}
          testId="users-table"
          rowTestId={(u) => `user-row-${u.username}`}
          columns={[
            {
              id: "user",
              header: "User",
              sortValue: (u) => u.username,
              cell: (u) => (
                <>
                  <Link href={`/admin/users/${u.id}`} className="font-medium hover:text-indigo-600">
                    {u.username}
                  </Link>
                  <span className="ml-2 text-xs text-zinc-400">{u.provider}</span>
                </>
              ),
            },
            {
              id: "status",
              header: "Status",
              sortValue: (u) => u.enabled,
              cell: (u) => (
                <div className="flex items-center gap-2">
                  <Badge tone={u.enabled ? "green" : "amber"}>{u.enabled ? "Enabled" : "Disabled"}</Badge>
                  {!locked(u) ? (
                    <Button variant="secondary" className="px-2 py-0.5 text-xs" onClick={() => patch.mutate({ id: u.id, body: { enabled: !u.enabled } })}>
                      {u.enabled ? "Disable" : "Enable"}
                    </Button>
                  ) : null}
                </div>
              ),
            },
            {
              id: "role",
              header: "Role",
              sortValue: (u) => (u.superAdmin ? 2 : u.admin ? 1 : 0),
              cell: (u) =>
                u.superAdmin ? (
                  <Badge tone="violet">Super-admin</Badge>
                ) : (
                  <Checkbox
                    label="Admin"
                    checked={u.admin}
                    disabled={locked(u)}
                    onChange={(e) => patch.mutate({ id: u.id, body: { admin: e.target.checked } })}
                  />
                ),
            },
            {
              id: "lastLogin",
              header: "Last sign-in",
              sortValue: (u) => (u.lastLoginAt ? new Date(u.lastLoginAt) : null),
              cell: (u) => (u.lastLoginAt ? <TimeAgo at={u.lastLoginAt} /> : "never"),
              className: "text-zinc-500",
            },
            {
              id: "actions",
              header: <span className="sr-only">Actions</span>,
              className: "text-right",
              cell: (u) =>
                !locked(u) ? (
                  <Button variant="ghost" aria-label={`Delete user ${u.username}`} onClick={() => setDeleting(u)}>
                    <Trash2 className="size-4" />
                  </Button>
                ) : null,
            },
          ]}
        />
      )}
      <ConfirmDialog
        open={!!deleting}
        title={`Delete user ${deleting?.username}?`}
        confirmLabel="Delete"
        pending={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting.id)}
        onCancel={() => setDeleting(null)}
      >
        Their grants and API keys are deleted with them. Updates they made stay in the log.
      </ConfirmDialog>
    </div>
  );
}
