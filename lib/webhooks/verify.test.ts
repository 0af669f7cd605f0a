import "@/tests/helpers/unit-env";
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { WEBHOOK_EXECUTIONS } from "./executions";
import { WEBHOOK_OPERATIONS } from "./paths";
import { branchOfRef, deliveryKeys, eventOf, githubSignature, pushOf, verifyGithub, verifyGitlab } from "./verify";

const SECRET = "a-webhook-secret-of-some-length";
const BODY = Buffer.from(JSON.stringify({ ref: "refs/heads/main", after: "a".repeat(40) }));
// GitHub's documented example: secret "It's a Secret to Everybody", body "Hello, World!".
const DOCS_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

describe("GitHub signatures", () => {
  it("match GitHub's documented example", () => {
    expect(githubSignature("It's a Secret to Everybody", Buffer.from("Hello, World!"))).toBe(DOCS_SIGNATURE);
    expect(verifyGithub("It's a Secret to Everybody", Buffer.from("Hello, World!"), DOCS_SIGNATURE)).toBe(true);
  });

  it("accept the HMAC-SHA256 of the exact bytes under the secret", () => {
    const header = `sha256=${createHmac("sha256", SECRET).update(BODY).digest("hex")}`;
    expect(verifyGithub(SECRET, BODY, header)).toBe(true);
    expect(verifyGithub(SECRET, BODY, header.toUpperCase().replace("SHA256=", "sha256="))).toBe(true);
  });

  it("refuse another secret, a changed body, a truncated or missing header, and the old sha1 form", () => {
    const header = githubSignature(SECRET, BODY);
    expect(verifyGithub("another-secret-entirely", BODY, header)).toBe(false);
    expect(verifyGithub(SECRET, Buffer.concat([BODY, Buffer.from(" ")]), header)).toBe(false);
    expect(verifyGithub(SECRET, BODY, header.slice(0, -1))).toBe(false);
    expect(verifyGithub(SECRET, BODY, null)).toBe(false);
    expect(verifyGithub(SECRET, BODY, `sha1=${createHmac("sha1", SECRET).update(BODY).digest("hex")}`)).toBe(false);
    expect(verifyGithub("", BODY, githubSignature("", BODY))).toBe(false);
  });
});

describe("GitLab tokens", () => {
  it("accept exactly the secret", () => {
    expect(verifyGitlab(SECRET, SECRET)).toBe(true);
    expect(verifyGitlab(SECRET, `${SECRET}x`)).toBe(false);
    expect(verifyGitlab(SECRET, SECRET.slice(1))).toBe(false);
    expect(verifyGitlab(SECRET, null)).toBe(false);
    expect(verifyGitlab("", "")).toBe(false);
  });
});

describe("what a delivery says", () => {
  it("tells pushes, pings and other events apart", () => {
    expect(eventOf("github", new Headers({ "x-github-event": "push" }))).toEqual({ kind: "push" });
    expect(eventOf("github", new Headers({ "x-github-event": "ping" }))).toEqual({ kind: "ping" });
    expect(eventOf("github", new Headers({ "x-github-event": "issues" }))).toEqual({ kind: "other", name: "issues" });
    expect(eventOf("gitlab", new Headers({ "x-gitlab-event": "Push Hook" }))).toEqual({ kind: "push" });
    expect(eventOf("gitlab", new Headers({ "x-gitlab-event": "Tag Push Hook" }))).toEqual({ kind: "other", name: "Tag Push Hook" });
  });

  it("reads the ref and commit of a push, and a deleted branch", () => {
    expect(pushOf({ ref: "refs/heads/main", after: "abc" })).toEqual({ ref: "refs/heads/main", after: "abc", deleted: false });
    expect(pushOf({ ref: "refs/heads/gone", after: "0".repeat(40) })).toMatchObject({ deleted: true });
    expect(pushOf({ ref: "refs/heads/gone", deleted: true })).toMatchObject({ deleted: true });
    expect(pushOf([])).toEqual({ invalid: "The body is not a JSON object" });
    expect(pushOf({ after: "abc" })).toEqual({ invalid: "The push has no ref" });
  });

  it("names branches only", () => {
    expect(branchOfRef("refs/heads/main")).toBe("main");
    expect(branchOfRef("refs/heads/feature/x")).toBe("feature/x");
    expect(branchOfRef("refs/tags/v1")).toBeNull();
  });

  it("keys a delivery by its id and its body, or its body alone", () => {
    const [id, body] = deliveryKeys("d-1", BODY);
    expect(id).toBe("id:d-1");
    expect(body).toMatch(/^body:[0-9a-f]{64}$/);
    expect(deliveryKeys(null, BODY)).toEqual([body]);
    expect(deliveryKeys(null, Buffer.from("{}"))).not.toEqual([body]);
  });
});

describe("the webhook execution table", () => {
  it("runs every execution the URLs offer, and no other", () => {
    for (const [type, operations] of Object.entries(WEBHOOK_OPERATIONS))
      expect(Object.keys(WEBHOOK_EXECUTIONS[type as keyof typeof WEBHOOK_EXECUTIONS]).sort(), type).toEqual([...operations].sort());
  });
});
