// Users who sign in through OIDC or GitHub: matched by provider and external id, created
// disabled (unless configured otherwise) like every other new user.
import { db } from "../db";
import { env } from "../env";

export async function upsertExternalUser(provider: "oidc" | "github", externalId: string, preferredName: string, email?: string | null) {
  const existing = await db.user.findUnique({ where: { provider_externalId: { provider, externalId } } });
  if (existing) return existing;
  const base = preferredName.replace(/[^a-zA-Z0-9._-]/g, "-").slice(0, 48) || `${provider}-user`;
  let username = base;
  for (let i = 2; await db.user.findUnique({ where: { username } }); i++) username = `${base}-${i}`;
  return db.user.create({
    data: { username, email: email ?? null, provider, externalId, enabled: env.WHEELHOUSE_NEW_USERS_ENABLED === "true" },
  });
}
