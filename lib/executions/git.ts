// A git source as the agent gets it: remote, ref, and the credential's secret when one is
// configured. A credential is only ever sent to the host it is for, so a token for one git
// provider can't be pointed at another host (a teammate's server, say) by changing a URL.
import { db } from "../db";
import { AppError } from "../errors";
import type { GitAuth, GitSource } from "../protocol/git";
import { credentialConfig } from "../resources/credential/schema";
import { revealSecret, type Ciphertexts } from "../resources/secret-fields";

/** The host (and port, when given) a remote connects to, or null for file:// remotes. */
export function remoteHost(remote: string): { host: string; port: string } | null {
  if (/^file:\/\//i.test(remote)) return null;
  const scpLike = /^[A-Za-z0-9._-]+@([A-Za-z0-9.-]+):/.exec(remote);
  if (scpLike) return { host: scpLike[1]!.toLowerCase(), port: "" };
  try {
    const url = new URL(remote);
    return { host: url.hostname.toLowerCase(), port: url.port };
  } catch {
    return null;
  }
}

const isSsh = (remote: string) => /^ssh:\/\//i.test(remote) || /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:/.test(remote);

/**
 * How git authenticates to `remote` with the credential: its token over https, its private key
 * over SSH. Refuses a credential for another host, and one with nothing usable for the remote.
 */
export async function gitAuth(credentialId: string, remote: string): Promise<{ auth: GitAuth; secrets: string[] }> {
  if (!credentialId) return { auth: { kind: "none" }, secrets: [] };
  const row = await db.credential.findUnique({ where: { id: credentialId }, select: { name: true, config: true, secrets: true } });
  if (!row) throw new AppError("CONFLICT", "The configured git credential no longer exists", { "config.gitCredentialId": ["No such credential"] });
  const config = credentialConfig.parse(row.config);
  const target = remoteHost(remote);
  const [domainHost, domainPort = ""] = config.domain.toLowerCase().split(":");
  if (!target || target.host !== domainHost || (domainPort && target.port !== domainPort))
    throw new AppError("CONFLICT", `Credential ${row.name} is for ${config.domain}, not for this repository's host`, {
      "config.gitCredentialId": [`Credential ${row.name} is for ${config.domain}`],
    });
  const secrets = (row.secrets ?? {}) as Ciphertexts;
  if (isSsh(remote)) {
    const privateKey = revealSecret(secrets, "sshPrivateKey");
    if (!privateKey)
      throw new AppError("CONFLICT", `Credential ${row.name} has no SSH private key for an ssh remote`, { "config.gitCredentialId": ["No SSH key"] });
    return { auth: { kind: "ssh-key", privateKey, knownHosts: config.sshKnownHosts }, secrets: [privateKey] };
  }
  const token = revealSecret(secrets, "token");
  if (!token) throw new AppError("CONFLICT", `Credential ${row.name} has no token`, { "config.gitCredentialId": ["No token"] });
  return { auth: { kind: "token", username: config.username, token }, secrets: [token] };
}

/** The source of a Repo, Build or Stack config, with its credential resolved. */
export async function gitSourceOf(config: { repoUrl: string; branch: string; commit: string; gitCredentialId: string }) {
  if (!config.repoUrl) throw new AppError("INVALID_INPUT", "Set the repository's address first", { "config.repoUrl": ["Required"] });
  const { auth, secrets } = await gitAuth(config.gitCredentialId, config.repoUrl);
  const source: GitSource = { remote: config.repoUrl, branch: config.branch || "main", commit: config.commit, auth };
  return { source, secrets };
}
