import { redirect } from "next/navigation";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { signUpEnabled } from "@/lib/env";
import { needsSetup } from "@/lib/users/users";

export const metadata = { title: "Sign up" };

export default async function SignUpPage() {
  if (await needsSetup()) redirect("/setup");
  if (!signUpEnabled()) redirect("/login");
  return <CredentialsForm mode="signup" title="Create an account" description="An administrator enables new accounts before they can sign in." />;
}
