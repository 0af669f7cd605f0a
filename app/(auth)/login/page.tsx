import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { currentActor } from "@/lib/auth/session";
import { githubEnabled, env, oidcEnabled, signUpEnabled } from "@/lib/env";
import { needsSetup } from "@/lib/users/users";

export const metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  if (await needsSetup()) redirect("/setup");
  if (await currentActor()) redirect("/");
  const { error } = await searchParams;
  return (
    <LoginForm
      oidc={oidcEnabled() ? env.OIDC_NAME : null}
      github={githubEnabled()}
      signup={signUpEnabled()}
      initialError={error === "disabled" ? "Your account is waiting for an administrator to enable it" : error ? "Sign-in failed" : null}
    />
  );
}
