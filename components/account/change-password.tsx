"use client";

import { signOut } from "@/lib/client/sign-out";
import { useState } from "react";
import { api } from "@/lib/client/api";
import { urls } from "@/lib/client/urls";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { Field, Input } from "../ui/field";

export function ChangePassword() {
  const [form, setForm] = useState({ currentPassword: "", newPassword: "" });
  const change = useApiMutation({
    mutationFn: () => api(urls.me.password(), { method: "POST", body: form }),
    successToast: "Password changed; sign in again",
    onSuccess: () => void signOut("/login"),
  });
  const errors = change.fieldErrors;
  return (
    <Card title="Password">
      <form className="grid items-end gap-3 sm:grid-cols-[1fr_1fr_auto]" onSubmit={(e) => (e.preventDefault(), change.mutate())}>
        <Field label="Current password" htmlFor="current-password" errors={errors.currentPassword}>
          <Input
            id="current-password"
            type="password"
            autoComplete="current-password"
            value={form.currentPassword}
            onChange={(e) => setForm({ ...form, currentPassword: e.target.value })}
          />
        </Field>
        <Field label="New password" htmlFor="new-password" errors={errors.newPassword}>
          <Input
            id="new-password"
            type="password"
            autoComplete="new-password"
            value={form.newPassword}
            onChange={(e) => setForm({ ...form, newPassword: e.target.value })}
          />
        </Field>
        <Button type="submit" disabled={change.isPending}>
          Change
        </Button>
      </form>
      <p className="mt-2 text-xs text-zinc-500">Changing your password signs you out everywhere.</p>
    </Card>
  );
}
