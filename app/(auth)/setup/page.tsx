import { redirect } from "next/navigation";
import { CredentialsForm } from "@/components/auth/credentials-form";
import { needsSetup } from "@/lib/users/users";

export const metadata = { title: "Set up" };

export default async function SetupPage() {
  if (!(await needsSetup())) redirect("/login");
  return (
    <CredentialsForm
      mode="setup"
      title="Create the administrator"
      description="This first account becomes the super-admin. Everyone after it signs up and waits for an admin to enable them."
    />
  );
}
