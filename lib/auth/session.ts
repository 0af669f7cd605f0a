// The actor for server components and pages, from the request's cookies.
import "../server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Actor } from "../authz/actor";
import { resolveActor } from "./actor";

export async function currentActor(): Promise<Actor | null> {
  const cookieStore = await cookies();
  const headerList = await headers();
  return resolveActor({
    headers: { cookie: headerList.get("cookie") ?? undefined },
    cookies: Object.fromEntries(cookieStore.getAll().map((c) => [c.name, c.value])),
  });
}

/** For dashboard pages: the actor, or a redirect to sign in. */
export async function requireActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  return actor;
}
