// What a webhook delivery proves and says, before anything is loaded or run: GitHub signs the
// raw body with the shared secret (HMAC-SHA256 in X-Hub-Signature-256), GitLab sends the secret
// itself (X-Gitlab-Token). Both are compared in constant time. Pure: unit-tested beside it.
import { createHash, createHmac } from "node:crypto";
import { safeEqual, sha256 } from "../secrets/crypto";

export const PROVIDERS = ["github", "gitlab"] as const;
export type Provider = (typeof PROVIDERS)[number];
export const isProvider = (p: string): p is Provider => (PROVIDERS as readonly string[]).includes(p);

export const PROVIDER_LABEL: Record<Provider, string> = { github: "GitHub webhook", gitlab: "GitLab webhook" };

/** GitHub's signature of a body: `sha256=` and the hex HMAC-SHA256 of the raw bytes. */
export function githubSignature(secret: string, body: Buffer): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** Whether `header` is GitHub's signature of exactly these bytes under `secret`. */
export function verifyGithub(secret: string, body: Buffer, header: string | null): boolean {
  if (!secret || !header) return false;
  return safeEqual(header.trim().toLowerCase(), githubSignature(secret, body));
}

/** Whether GitLab's token is the secret; both are hashed first so the comparison leaks no length. */
export function verifyGitlab(secret: string, header: string | null): boolean {
  if (!secret || !header) return false;
  return safeEqual(sha256(header), sha256(secret));
}

/** A delivery, once verified: what kind of event it is and, for a push, what it moved. */
export type WebhookEvent = { kind: "ping" } | { kind: "other"; name: string } | { kind: "push" };

export function eventOf(provider: Provider, headers: Headers): WebhookEvent {
  if (provider === "github") {
    const name = headers.get("x-github-event") ?? "";
    return name === "push" ? { kind: "push" } : name === "ping" ? { kind: "ping" } : { kind: "other", name: name || "(none)" };
  }
  const name = headers.get("x-gitlab-event") ?? "";
  return name === "Push Hook" ? { kind: "push" } : { kind: "other", name: name || "(none)" };
}

export interface Push {
  ref: string;
  /** The commit the branch now points at (GitHub and GitLab both call it `after`). */
  after: string;
  /** GitHub sets `deleted` when the push removed the branch; GitLab's `after` is then all zeros. */
  deleted: boolean;
}

/** The fields of a push payload this needs, or a reason it isn't one. */
export function pushOf(payload: unknown): Push | { invalid: string } {
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) return { invalid: "The body is not a JSON object" };
  const { ref, after, deleted } = payload as Record<string, unknown>;
  if (typeof ref !== "string" || !ref) return { invalid: "The push has no ref" };
  const commit = typeof after === "string" ? after : "";
  return { ref, after: commit, deleted: deleted === true || /^0{40}$/.test(commit) };
}

/** The branch a ref names (refs/heads/<branch>), or null for tags and anything else. */
export function branchOfRef(ref: string): string | null {
  return ref.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : null;
}

/** Longest delivery id kept: GitHub's and GitLab's are UUIDs; anything far longer is not theirs. */
export const MAX_DELIVERY_ID = 128;

/**
 * The keys that make a delivery "already handled": the provider's delivery id, when it sent one,
 * and always the body's hash. GitHub signs the body but not its headers, so a captured delivery
 * replayed under a new X-GitHub-Delivery still carries the same signed body; and GitLab may send
 * no id at all. A real new push never repeats a body: it differs in `before`/`after` (and
 * GitHub's `pushed_at`).
 */
export function deliveryKeys(deliveryId: string | null, body: Buffer): string[] {
  const bodyKey = `body:${createHash("sha256").update(body).digest("hex")}`;
  return deliveryId ? [`id:${deliveryId}`, bodyKey] : [bodyKey];
}
