// The registries a Build pushes to, with the account each is pushed as. Like git credentials, a
// registry credential is only ever sent to the registry it names.
import { db } from "../db";
import { AppError } from "../errors";
import type { RegistryTarget } from "../protocol/build";
import { credentialConfig } from "../resources/credential/schema";
import { revealSecret, type Ciphertexts } from "../resources/secret-fields";

export async function registryTargets(
  registries: { domain: string; organization: string; credentialId: string }[],
): Promise<{ targets: RegistryTarget[]; secrets: string[] }> {
  const targets: RegistryTarget[] = [];
  const secrets: string[] = [];
  for (const [i, r] of registries.entries()) {
    if (!r.credentialId) {
      targets.push({ domain: r.domain, organization: r.organization, auth: null });
      continue;
    }
    const row = await db.credential.findUnique({ where: { id: r.credentialId }, select: { name: true, config: true, secrets: true } });
    const field = `config.registries.${i}.credentialId`;
    if (!row) throw new AppError("CONFLICT", `The credential for registry ${r.domain} no longer exists`, { [field]: ["No such credential"] });
    const config = credentialConfig.parse(row.config);
    if (config.domain.toLowerCase() !== r.domain.toLowerCase())
      throw new AppError("CONFLICT", `Credential ${row.name} is for ${config.domain}, not for registry ${r.domain}`, {
        [field]: [`Credential ${row.name} is for ${config.domain}`],
      });
    const password = revealSecret((row.secrets ?? {}) as Ciphertexts, "token");
    if (!password) throw new AppError("CONFLICT", `Credential ${row.name} has no token`, { [field]: ["No token"] });
    targets.push({ domain: r.domain, organization: r.organization, auth: { username: config.username, password } });
    secrets.push(password);
  }
  return { targets, secrets };
}
