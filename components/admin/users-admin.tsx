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
import { Checkbox, Field, Input } from "../ui/field";
import { ErrorState, Spinner } from "../ui/states";
import { TimeAgo } from "../ui/time";
import type { UserRow } from "@/lib/users/types";

export function UsersAdmin({ initial, currentUserId }: { initial: UserRow[]; currentUserId: string }) {
  const users = useQuery({ queryKey: adminKeys.users, queryFn: () => api<UserRow[]>(urls.users.list()), initialData: initial });
  const [form, setForm] = useState({ username: "", password: "", admin: false, enabled: false });
  const [deleting, setDeleting] = useState<UserRow | null>(null);

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
            <Input id="new-password" type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} invalid={!!errors.password} />
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
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-sm" data-testid="users-table">
            <thead className="bg-zinc-50 text-left text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-950">
              <tr>
                <th className="px-4 py-2 font-medium">User</th>
                <th className="px-4 py-2 font-medium">Status</th>
                <th className="px-4 py-2 font-medium">Role</th>
                <th className="px-4 py-2 font-medium">Last sign-in</th>
                <th className="px-4 py-2" />
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {users.data.map((u) => {
                const locked = u.superAdmin || u.id === currentUserId;
                return (
                  <tr key={u.id} data-testid={`user-row-${u.username}`}>
                    <td className="px-4 py-2.5">
                      <Link href={`/admin/users/${u.id}`} className="font-medium hover:text-indigo-600">
                        {u.username}
                      </Link>
                      <span className="ml-2 text-xs text-zinc-400">{u.provider}</span>
                    </td>
                    <td className="px-4 py-2.5">
                      <div className="flex items-center gap-2">
                        <Badge tone={u.enabled ? "green" : "amber"}>{u.enabled ? "Enabled" : "Disabled"}</Badge>
                        {!locked ? (
                          <Button variant="secondary" className="px-2 py-0.5 text-xs" onClick={() => patch.mutate({ id: u.id, body: { enabled: !u.enabled } })}>
                            {u.enabled ? "Disable" : "Enable"}
                          </Button>
                        ) : null}
                      </div>
                    </td>
                    <td className="px-4 py-2.5">
                      {u.superAdmin ? (
                        <Badge tone="violet">Super-admin</Badge>
                      ) : (
                        <Checkbox label="Admin" checked={u.admin} disabled={locked} onChange={(e) => patch.mutate({ id: u.id, body: { admin: e.target.checked } })} />
                      )}
                    </td>
                    <td className="px-4 py-2.5 text-zinc-500">{u.lastLoginAt ? <TimeAgo at={u.lastLoginAt} /> : "never"}</td>
                    <td className="px-4 py-2.5 text-right">
                      {!locked ? (
                        <Button variant="ghost" aria-label={`Delete user ${u.username}`} onClick={() => setDeleting(u)}>
                          <Trash2 className="size-4" />
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog open={!!deleting} title={`Delete user ${deleting?.username}?`} confirmLabel="Delete" pending={remove.isPending} onConfirm={() => deleting && remove.mutate(deleting.id)} onCancel={() => setDeleting(null)}>
        Their grants and API keys are deleted with them. Updates they made stay in the log.
      </ConfirmDialog>
    </div>
  );
}
