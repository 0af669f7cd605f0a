import { describe, expect, it } from "vitest";
import { jsonBytes } from "@/lib/protocol/frames";
import { fitObject, MAX_OBJECT_BYTES, sanitize, TRIMMED_ANNOTATION } from "./sanitize";

describe("sanitize", () => {
  const secret = {
    metadata: {
      name: "db",
      namespace: "prod",
      uid: "u1",
      resourceVersion: "7",
      managedFields: [{ manager: "kubectl" }],
      annotations: { "kubectl.kubernetes.io/last-applied-configuration": '{"data":{"password":"aHVudGVyMg=="}}', team: "core" },
    },
    type: "Opaque",
    data: { password: "aHVudGVyMg==", user: "YWRtaW4=" },
    stringData: { token: "plain-secret" },
  };

  it("keeps a Secret's keys but none of its values, anywhere in the object", () => {
    const out = sanitize(secret, "v1", "Secret");
    expect(out.data).toEqual({ password: "", user: "" });
    expect(out.stringData).toEqual({ token: "" });
    const text = JSON.stringify(out);
    for (const value of ["aHVudGVyMg==", "YWRtaW4=", "plain-secret"]) expect(text).not.toContain(value);
    expect((out.metadata.annotations as Record<string, string>).team).toBe("core");
    expect(out.metadata.annotations).toHaveProperty(["kubectl.kubernetes.io/last-applied-configuration"], "");
  });

  it("does not change the object it was given", () => {
    sanitize(secret, "v1", "Secret");
    expect(secret.data.password).toBe("aHVudGVyMg==");
    expect(secret.metadata.managedFields).toHaveLength(1);
  });

  it("drops managedFields and fills in apiVersion and kind, which list items lack", () => {
    const out = sanitize({ metadata: { name: "web", uid: "u2", managedFields: [{}] }, spec: { replicas: 2 }, data: { a: "1" } }, "apps/v1", "Deployment");
    expect(out.metadata).not.toHaveProperty("managedFields");
    expect(out).toMatchObject({ apiVersion: "apps/v1", kind: "Deployment", spec: { replicas: 2 } });
    // Only Secrets are blanked: a ConfigMap-like data field elsewhere stays as it is.
    expect(out.data).toEqual({ a: "1" });
  });

  it("keeps the apiVersion an object carries (watch events have it)", () => {
    expect(sanitize({ apiVersion: "batch/v1beta1", kind: "CronJob", metadata: { name: "c", uid: "u3" } }, "batch/v1", "CronJob").apiVersion).toBe(
      "batch/v1beta1",
    );
  });
});

describe("fitObject", () => {
  const configMap = (data: Record<string, string>, extra: Record<string, unknown> = {}) => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "big", namespace: "ns", uid: "u", resourceVersion: "1", labels: { app: "x" }, ...extra },
    data,
  });

  it("leaves an object that fits as it is", () => {
    const small = configMap({ a: "1" });
    expect(fitObject(small)).toBe(small);
  });

  it("replaces a ConfigMap's values by digests when it is too big, so a changed value still shows as a changed key", () => {
    const a = fitObject(configMap({ big: "a".repeat(MAX_OBJECT_BYTES), small: "s" }));
    const b = fitObject(configMap({ big: "b".repeat(MAX_OBJECT_BYTES), small: "s" }));
    expect(jsonBytes(a)).toBeLessThanOrEqual(MAX_OBJECT_BYTES);
    expect(Object.keys(a.data as object)).toEqual(["big", "small"]);
    expect((a.data as Record<string, string>).big).not.toBe((b.data as Record<string, string>).big);
    expect((a.data as Record<string, string>).small).toBe((b.data as Record<string, string>).small);
    expect(a.metadata.annotations).toHaveProperty([TRIMMED_ANNOTATION]);
  });

  it("keeps only identity and labels when even that is too big", () => {
    const out = fitObject(configMap({}, { annotations: { huge: "h".repeat(MAX_OBJECT_BYTES) } }));
    expect(out).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: "big",
        namespace: "ns",
        uid: "u",
        resourceVersion: "1",
        labels: { app: "x" },
        annotations: { [TRIMMED_ANNOTATION]: expect.any(String) },
      },
    });
  });
});
