// Page loaders: run a lib call as the signed-in user and turn "not found / not yours"
// into Next's 404 page, so a URL for something the user can't read looks like nothing.
import "../server-only";
import { notFound } from "next/navigation";
import { requireActor } from "../auth/session";
import type { Actor } from "../authz/actor";
import { isAppError } from "../errors";

export async function load<T>(fn: (actor: Actor) => Promise<T>): Promise<{ actor: Actor; data: T }> {
  const actor = await requireActor();
  try {
    return { actor, data: await fn(actor) };
  } catch (e) {
    if (isAppError(e) && (e.code === "NOT_FOUND" || e.code === "FORBIDDEN")) notFound();
    throw e;
  }
}
