"use client";

import { Github, KeyRound } from "lucide-react";
import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "../ui/button";
import { Field, Input } from "../ui/field";

export function LoginForm({ oidc, github, signup, initialError }: { oidc: string | null; github: boolean; signup: boolean; initialError: string | null }) {
  const router = useRouter();
  const [error, setError] = useState(initialError);
  const [pending, setPending] = useState(false);

  async function submit(form: FormData) {
    setPending(true);
    setError(null);
    const res = await signIn("credentials", { username: form.get("username"), password: form.get("password"), redirect: false });
    setPending(false);
    if (res?.ok && !res.error) {
      router.replace("/");
      router.refresh();
    } else {
      setError(res?.error && res.error !== "CredentialsSignin" ? res.error : "Wrong username or password");
    }
  }

  return (
    <form action={submit} className="space-y-4">
      <h1 className="text-lg font-semibold">Sign in</h1>
      {error ? (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300" data-testid="login-error">
          {error}
        </p>
      ) : null}
      <Field label="Username" htmlFor="username">
        <Input id="username" name="username" autoComplete="username" required autoFocus />
      </Field>
      <Field label="Password" htmlFor="password">
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      {oidc || github ? (
        <div className="space-y-2 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          {oidc ? (
            <Button variant="secondary" className="w-full" onClick={() => signIn("oidc", { callbackUrl: "/" })}>
              <KeyRound className="size-4" /> Continue with {oidc}
            </Button>
          ) : null}
          {github ? (
            <Button variant="secondary" className="w-full" onClick={() => signIn("github", { callbackUrl: "/" })}>
              <Github className="size-4" /> Continue with GitHub
            </Button>
          ) : null}
        </div>
      ) : null}
      {signup ? (
        <p className="text-center text-sm text-zinc-500">
          No account?{" "}
          <Link href="/signup" className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
            Sign up
          </Link>
        </p>
      ) : null}
    </form>
  );
}
