import { describe, expect, it } from "vitest";
import { validateEdit } from "./edit";

const original = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "a", resourceVersion: "42" },
  spec: { replicas: 2, template: { spec: { containers: [{ name: "app", image: "web:1" }] } } },
};

describe("editing a manifest", () => {
  it("accepts a changed image", () => {
    const edited = structuredClone(original);
    edited.spec.template.spec.containers[0].image = "web:2";
    expect(validateEdit(original, edited)).toEqual({});
  });

  it("refuses renaming, retyping, dropping the resourceVersion and broken containers, naming each field", () => {
    const edited = { ...structuredClone(original), kind: "StatefulSet", metadata: { name: "other", namespace: "a" }, spec: { replicas: -1, template: { spec: { containers: [{ name: "app" }] } } } };
    expect(Object.keys(validateEdit(original, edited)).sort()).toEqual(["containers.0.image", "kind", "metadata.name", "metadata.resourceVersion", "spec.replicas"]);
    expect(validateEdit(original, "just text")).toEqual({ _: ["The manifest must be a YAML mapping"] });
  });
});
