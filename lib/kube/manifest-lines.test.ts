import { describe, expect, it } from "vitest";
import { validateCreate } from "./edit";
import { checkManifest, lineOfField } from "./manifest-lines";

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: -1
  template:
    spec:
      containers:
        - name: app
        - name: side
          image: busybox
`;

describe("lineOfField", () => {
  it("places a field at its key's line", () => {
    expect(lineOfField(DEPLOYMENT, "kind")).toBe(2);
    expect(lineOfField(DEPLOYMENT, "metadata.name")).toBe(4);
    expect(lineOfField(DEPLOYMENT, "spec.replicas")).toBe(6);
  });

  it("places a missing field at its nearest existing parent", () => {
    expect(lineOfField(DEPLOYMENT, "metadata.namespace")).toBe(3);
    expect(lineOfField(DEPLOYMENT, "nothing.here")).toBe(1);
    expect(lineOfField(DEPLOYMENT, "_")).toBe(1);
  });

  it("finds containers wherever the pod spec sits", () => {
    expect(lineOfField(DEPLOYMENT, "containers.0.image")).toBe(10);
    expect(lineOfField(DEPLOYMENT, "containers.1.image")).toBe(12);
    const pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - image: a\n";
    expect(lineOfField(pod, "containers.0.name")).toBe(7);
  });
});

describe("checkManifest", () => {
  it("reports a YAML syntax error at its line, with no value", () => {
    const result = checkManifest("kind: ConfigMap\nmetadata:\n  name: [a\ndata: {}\n", validateCreate);
    expect(result.value).toBeUndefined();
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it("reports a tab-indented line where the tab is", () => {
    const result = checkManifest("kind: ConfigMap\nmetadata:\n\tname: x\n", validateCreate);
    expect(result.errors.map((e) => e.line)).toContain(3);
  });

  it("places the validator's field errors at their lines, in line order", () => {
    const result = checkManifest(DEPLOYMENT, validateCreate);
    expect(result.value).toMatchObject({ kind: "Deployment" });
    expect(result.errors.map((e) => [e.field, e.line])).toEqual([
      ["spec.replicas", 6],
      ["containers.0.image", 10],
    ]);
  });

  it("has no errors for a valid manifest", () => {
    const ok = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: default\ndata:\n  a: b\n";
    expect(checkManifest(ok, validateCreate)).toEqual({ value: expect.any(Object), errors: [] });
  });
});
