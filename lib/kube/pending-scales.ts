// Scales people ask for through Wheelhouse, remembered until the agent's watch reports them, so
// the timeline credits the person, not an autoscaler whose range the new count happens to fall
// in. Per process, like the hub that sends the command: the core that runs the action is the one
// its agent reports the change to.

const TTL_MS = 2 * 60_000;
const pending = new Map<string, { replicas: number; by: string; expires: number }>();

/** Before the scale command goes out: `by` set `komodorUid` to `replicas`. */
export function expectScale(komodorUid: string, replicas: number, by: string): void {
  pending.set(komodorUid, { replicas, by, expires: Date.now() + TTL_MS });
}

/** Who asked for this change, if it is the one Wheelhouse sent (each is credited once). */
export function takeScale(komodorUid: string, replicas: number): string | null {
  const p = pending.get(komodorUid);
  if (!p || p.expires < Date.now()) {
    pending.delete(komodorUid);
    return null;
  }
  if (p.replicas !== replicas) return null;
  pending.delete(komodorUid);
  return p.by;
}
