// Images are pulled only when missing: hosts are often offline or rate-limited, and a tag that is
// present is what the operator built or loaded on purpose.
import { docker } from "./client";
import { daemonMessage, statusCode } from "./errors";

interface PullEvent {
  status?: string;
  id?: string;
  progressDetail?: { current?: number };
  error?: string;
}

export async function imageExists(image: string): Promise<boolean> {
  try {
    await docker().getImage(image).inspect();
    return true;
  } catch (err) {
    if (statusCode(err) === 404) return false;
    throw new Error(daemonMessage(err));
  }
}

/** Pulls `image` unless present; `onLine` gets status changes (not every progress tick). */
export async function ensureImage(image: string, onLine: (line: string) => void): Promise<void> {
  if (await imageExists(image)) {
    onLine(`Image ${image} is present locally; not pulling`);
    return;
  }
  onLine(`Pulling ${image}`);
  try {
    const stream = await docker().pull(image);
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
    throw new Error(`Image ${image} is not available locally and could not be pulled: ${daemonMessage(err)}`);
  }
}
