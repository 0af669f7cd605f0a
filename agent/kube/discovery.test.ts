import { describe, expect, it } from "vitest";
import { objectPath } from "./discovery";

describe("objectPath", () => {
  const configMaps = { apiVersion: "v1", name: "configmaps", namespaced: true };
  it("builds the object's URL, encoding what needs it", () => {
    expect(objectPath(configMaps, "team-a", "settings")).toBe("/api/v1/namespaces/team-a/configmaps/settings");
    expect(objectPath({ apiVersion: "rbac.authorization.k8s.io/v1", name: "clusterroles", namespaced: false }, undefined, "system:view")).toBe(
      "/apis/rbac.authorization.k8s.io/v1/clusterroles/system%3Aview",
    );
  });

  it("refuses '.' and '..', which the URL would resolve to the collection or the object above", () => {
    expect(() => objectPath(configMaps, "team-a", "..")).toThrow('".." is not a name');
    expect(() => objectPath(configMaps, "team-a", ".")).toThrow('"." is not a name');
    expect(() => objectPath(configMaps, "..", "x")).toThrow('".." is not a name');
  });
});
