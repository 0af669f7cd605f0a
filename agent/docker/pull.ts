// Images are pulled when missing, or when the registry has another image under the tag than
// the one here (a rebuilt `latest`, a re-pushed version). A registry that can't be asked (an
// offline host, a rate limit) leaves a present image as it is: a tag that is present is what
// the operator built or loaded on purpose.
import { docker } from "./client";
import { daemonMessage, statusCode } from "./errors";

interface PullEvent {
  status?: string;
  id?: string;
  progressDetail?: { current?: number };
  error?: string;
}

export interface RegistryAuth {
  username: string;
  password: string;
  serveraddress: string;
}

/** The digests the image here was pulled or pushed as (repo@sha256:…), or null when it isn't here. */
async function localDigests(image: string): Promise<string[] | null> {
  try {
    return (await docker().getImage(image).inspect()).RepoDigests ?? [];
  } catch (err) {
    if (statusCode(err) === 404) return null;
    throw new Error(daemonMessage(err));
  }
}

export async function imageExists(image: string): Promise<boolean> {
  return (await localDigests(image)) !== null;
}

/** How long a deploy waits on the registry's answer before deploying what is here. */
const ASK_REGISTRY_MS = 3000;

/** The digest the registry serves for the image's tag, or null when it can't be asked in time. */
async function remoteDigest(image: string, auth: RegistryAuth | null): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const asked = docker()
    .getImage(image)
    .distribution(auth ? { authconfig: auth } : {})
    .then((found) => (found as { Descriptor?: { digest?: string } }).Descriptor?.digest ?? null)
    .catch(() => null);
  const gaveUp = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ASK_REGISTRY_MS)));
  try {
    return await Promise.race([asked, gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}

/** Pulls `image` when missing or changed on the registry; `onLine` gets status changes (not every progress tick). */
export async function ensureImage(image: string, onLine: (line: string) => void, auth: RegistryAuth | null = null): Promise<void> {
  const local = await localDigests(image);
  if (local) {
    const remote = await remoteDigest(image, auth);
    if (!remote) return onLine(`Image ${image} is present locally and the registry could not be asked; not pulling`);
    if (local.some((d) => d.endsWith(`@${remote}`))) return onLine(`Image ${image} is up to date (${remote})`);
    onLine(`The registry has a newer ${image} (${remote})`);
  }
  onLine(`Pulling ${image}`);
  try {
    const stream = await docker().pull(image, auth ? { authconfig: auth } : {});
    await new Promise<void>((resolve, reject) => {
      docker().modem.followProgress(
        stream,
        (err: Error | null, events: PullEvent[]) => {
          const failed = events?.find((e) => e.error)?.error;
          if (err || failed) reject(new Error(failed ?? daemonMessage(err)));
          else resolve();
        },
        (event: PullEvent) => {
          if (event.status && !event.progressDetail?.current) onLine(event.id ? `${event.id}: ${event.status}` : event.status);
        },
      );
    });
  } catch (err) {
    throw new Error(
      `${local ? `Image ${image} changed on the registry but` : `Image ${image} is not available locally and`} could not be pulled: ${daemonMessage(err)}`,
    );
  }
}
