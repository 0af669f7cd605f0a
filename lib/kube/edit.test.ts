import { describe, expect, it } from "vitest";
import { validateCreate, validateEdit } from "./edit";

const original = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "a", resourceVersion: "42" },
  spec: { replicas: 2, template: { spec: { containers: [{ name: "app", image: "web:1" }] } } },
};

describe("editing a manifest", () => {
  it("accepts a changed image", () => {
    const edited = structuredClone(original);
    edited.spec.template.spec.containers[0]!.image = "web:2";
    expect(validateEdit(original, edited)).toEqual({});
  });

  it("refuses renaming, retyping, dropping the resourceVersion and broken containers, naming each field", () => {
    const edited = {
      ...structuredClone(original),
      kind: "StatefulSet",
      metadata: { name: "other", namespace: "a" },
      spec: { replicas: -1, template: { spec: { containers: [{ name: "app" }] } } },
    };
    expect(Object.keys(validateEdit(original, edited)).sort()).toEqual([
      "containers.0.image",
      "kind",
      "metadata.name",
      "metadata.resourceVersion",
      "spec.replicas",
    ]);
    expect(validateEdit(original, "just text")).toEqual({ _: ["The manifest must be a YAML mapping"] });
  });
});

describe("creating from a manifest", () => {
  it("accepts a new Deployment", () => {
    const { resourceVersion: _rv, ...metadata } = original.metadata;
    expect(validateCreate({ ...structuredClone(original), metadata })).toEqual({});
  });

  it("refuses Secrets, a copied resourceVersion or uid and a pod without containers, naming each field", () => {
    expect(Object.keys(validateCreate({ apiVersion: "v1", kind: "Secret", metadata: { name: "s" } }))).toEqual(["kind"]);
    const copied = { ...structuredClone(original), metadata: { ...original.metadata, uid: "u-1" }, spec: { template: { spec: { containers: [] } } } };
    expect(Object.keys(validateCreate(copied)).sort()).toEqual(["metadata.resourceVersion", "metadata.uid", "spec.containers"]);
    expect(validateCreate({ apiVersion: "v1", metadata: {} })).toEqual({ kind: [expect.any(String)], "metadata.name": [expect.any(String)] });
  });
});
