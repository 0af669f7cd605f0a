// The image a Deployment runs and the account it is pulled with: its own image reference, or
// a Build's image at a version (or the Build's latest), from the Build's first registry.
import { authorize } from "../authz/authorize";
import type { Actor } from "../authz/actor";
import { db } from "../db";
import { AppError } from "../errors";
import type { ContainerSpec } from "../protocol/agent";
import { imageRepository } from "../protocol/build";
import type { BuildInfo } from "../resources/build/info";
import { buildConfig } from "../resources/build/schema";
import type { DeploymentConfig } from "../resources/deployment/info";
import { registryTargets } from "./registry";

export interface ResolvedImage {
  image: string;
  registryAuth: ContainerSpec["registryAuth"];
  /** The registry password, for redaction. */
  secrets: string[];
}

/** The registry an image reference pulls from: its first part when that is a host, else Docker Hub. */
export function registryOf(image: string): string {
  const first = image.split("/")[0]!;
  return image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost") ? first : "docker.io";
}

async function pullAuth(credentialId: string, domain: string): Promise<Omit<ResolvedImage, "image">> {
  if (!credentialId) return { registryAuth: null, secrets: [] };
  const { targets, secrets } = await registryTargets([{ domain, organization: "", credentialId }]).catch((e) => {
    // Reported on the deployment's own field, not on a Build's registries.
    if (e instanceof AppError) throw new AppError(e.code, e.message, { "config.registryCredentialId": [e.message] });
    throw e;
  });
  const auth = targets[0]!.auth;
  return { registryAuth: auth ? { ...auth, serveraddress: domain } : null, secrets };
}

/**
 * `pinned` is an image a deploy resolved before (a rollback redeploys exactly what ran, not
 * whatever `latest` is now). A Build's registry credential is used only by someone with Execute
 * on it; anyone else sets a credential on the Deployment (which needs Execute on that one).
 */
export async function resolveImage(actor: Actor, config: DeploymentConfig, interpolate: (image: string) => string, pinned?: string): Promise<ResolvedImage> {
  if (!config.buildId) {
    if (!config.image) throw new AppError("INVALID_INPUT", "Set an image to deploy", { "config.image": ["Set an image to deploy"] });
    const image = pinned ?? interpolate(config.image);
    return { image, ...(await pullAuth(config.registryCredentialId, registryOf(image))) };
  }
  const build = await db.build.findUnique({ where: { id: config.buildId }, select: { name: true, config: true, info: true } });
  if (!build) throw new AppError("CONFLICT", "The configured build no longer exists", { "config.buildId": ["No such build"] });
  const bc = buildConfig.parse(build.config);
  const latest = (build.info as BuildInfo).latest?.version;
  const followsLatest = config.buildVersion === "latest" || !config.buildVersion;
  if (followsLatest && !latest) throw new AppError("CONFLICT", `Build ${build.name} has not been built yet`);
  // A Build that doesn't tag versions is followed by its latest tag.
  const tag = followsLatest ? (bc.tagVersion ? latest! : "latest") : config.buildVersion;
  const registry = bc.registries[0];
  const image = pinned ?? `${imageRepository(bc.imageName, registry)}:${tag}`;
  if (!registry) return { image, registryAuth: null, secrets: [] };
  if (config.registryCredentialId) return { image, ...(await pullAuth(config.registryCredentialId, registry.domain)) };
  if (!registry.credentialId) return { image, registryAuth: null, secrets: [] };
  const credential = await db.credential.findUnique({ where: { id: registry.credentialId }, select: { name: true } });
  await authorize(actor, "execute", { kind: "resource", type: "credential", id: registry.credentialId }).catch(() => {
    throw new AppError(
      "FORBIDDEN",
      `Pulling ${image} uses credential ${credential?.name ?? "(deleted)"}, which needs Execute permission on it: or set a registry credential on this deployment`,
    );
  });
  return { image, ...(await pullAuth(registry.credentialId, registry.domain)) };
}
