"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, ApiError, type FieldErrors } from "@/lib/client/api";
import { urls } from "@/lib/client/urls";
import { Button } from "../ui/button";
import { Field, Input } from "../ui/field";

/** First-run setup (then signs in) and sign-up (then waits for an admin). */
export function CredentialsForm({ mode, title, description }: { mode: "setup" | "signup"; title: string; description: string }) {
  const router = useRouter();
  const [fields, setFields] = useState<FieldErrors>({});
  const [message, setMessage] = useState<{ tone: "error" | "ok"; text: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(form: FormData) {
    const username = String(form.get("username") ?? "");
    const password = String(form.get("password") ?? "");
    if (password !== form.get("confirm")) {
      setFields({ confirm: ["The passwords don't match"] });
      return;
    }
    setPending(true);
    setFields({});
    setMessage(null);
    try {
      await api(urls.auth(mode), { method: "POST", body: { username, password } });
      if (mode === "setup") {
        await signIn("credentials", { username, password, redirect: false });
        router.replace("/");
        router.refresh();
      } else {
        setMessage({ tone: "ok", text: "Account created. An administrator needs to enable it before you can sign in." });
      }
    } catch (e) {
      if (e instanceof ApiError) {
        setFields(e.fields);
        setMessage({ tone: "error", text: e.message });
      } else setMessage({ tone: "error", text: "Something went wrong" });
    } finally {
      setPending(false);
    }
  }

  return (
    <form action={submit} className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold">{title}</h1>
        <p className="mt-1 text-sm text-zinc-500">{description}</p>
      </div>
      {message ? (
        <p
          className={
            message.tone === "ok"
              ? "rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300"
              : "rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300"
          }
          data-testid="form-message"
        >
          {message.text}
        </p>
      ) : null}
      <Field label="Username" htmlFor="username" errors={fields.username}>
        <Input id="username" name="username" autoComplete="username" required autoFocus invalid={!!fields.username} />
      </Field>
      <Field label="Password" htmlFor="password" errors={fields.password} hint="At least 8 characters">
        <Input id="password" name="password" type="password" autoComplete="new-password" required invalid={!!fields.password} />
      </Field>
      <Field label="Confirm password" htmlFor="confirm" errors={fields.confirm}>
        <Input id="confirm" name="confirm" type="password" autoComplete="new-password" required invalid={!!fields.confirm} />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Working…" : mode === "setup" ? "Create administrator" : "Create account"}
      </Button>
      {mode === "signup" ? (
        <p className="text-center text-sm text-zinc-500">
          <Link href="/login" className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
            Back to sign in
          </Link>
        </p>
      ) : null}
    </form>
  );
}
