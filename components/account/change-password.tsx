"use client";

import { useMutation } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { toast } from "sonner";
import { api, ApiError, errorMessage, type FieldErrors } from "@/lib/client/api";
import { urls } from "@/lib/client/urls";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { Field, Input } from "../ui/field";

export function ChangePassword() {
  const [form, setForm] = useState({ currentPassword: "", newPassword: "" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const change = useMutation({
    mutationFn: () => api(urls.me.password(), { method: "POST", body: form }),
    onSuccess: () => {
      toast.success("Password changed; sign in again");
      void signOut({ callbackUrl: "/login" });
    },
    onError: (e) => (setErrors(e instanceof ApiError ? e.fields : {}), toast.error(errorMessage(e))),
  });
  return (
    <Card title="Password">
      <form className="grid items-end gap-3 sm:grid-cols-[1fr_1fr_auto]" onSubmit={(e) => (e.preventDefault(), change.mutate())}>
        <Field label="Current password" htmlFor="current-password" errors={errors.currentPassword}>
          <Input id="current-password" type="password" autoComplete="current-password" value={form.currentPassword} onChange={(e) => setForm({ ...form, currentPassword: e.target.value })} />
        </Field>
        <Field label="New password" htmlFor="new-password" errors={errors.newPassword}>
          <Input id="new-password" type="password" autoComplete="new-password" value={form.newPassword} onChange={(e) => setForm({ ...form, newPassword: e.target.value })} />
        </Field>
        <Button type="submit" disabled={change.isPending}>
          Change
        </Button>
      </form>
      <p className="mt-2 text-xs text-zinc-500">Changing your password signs you out everywhere.</p>
    </Card>
  );
}
