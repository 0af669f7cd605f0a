import { describe, expect, it } from "vitest";
import { fieldErrors } from "../../validation";
import { deploymentConfig } from "./schema";

const errorsOf = (input: unknown) => {
  const r = deploymentConfig.safeParse(input);
  return r.success ? {} : fieldErrors(r.error);
};

describe("deployment config", () => {
  it("is valid empty, with defaults filled in", () => {
    expect(deploymentConfig.parse({})).toMatchObject({ image: "", restart: "unless-stopped", terminationSignal: "SIGTERM", network: "bridge" });
  });

  it("takes an image or a build, not both", () => {
    expect(errorsOf({ image: "nginx:1.27", buildId: "b1" })).toEqual({ image: ["Choose an image or a build, not both"] });
    expect(errorsOf({ image: "nginx:1.27" })).toEqual({});
    expect(errorsOf({ buildId: "b1" })).toEqual({});
  });

  it("refuses image references with spaces", () => {
    expect(errorsOf({ image: "nginx 1.27" })).toEqual({ image: ["Image references have no spaces"] });
  });

  it("reports every bad multi-line field under its own path, with line numbers", () => {
    const errors = errorsOf({ env: "OK=1\nbad line", ports: "80:80\n\nnope", volumes: "/a:/b\n/c:/d\nrel:ative" });
    expect(Object.keys(errors).sort()).toEqual(["env", "ports", "volumes"]);
    expect(errors.env?.[0]).toMatch(/^Line 2: "bad line"/);
    expect(errors.ports?.[0]).toMatch(/^Line 3: "nope"/);
    expect(errors.volumes?.[0]).toMatch(/^Line 3: "rel:ative"/);
  });

  it("refuses unknown fields and out-of-range values", () => {
    expect(errorsOf({ imagee: "x" })).toEqual({ imagee: ['Unknown field "imagee"'] });
    expect(Object.keys(errorsOf({ restart: "sometimes", terminationTimeoutSeconds: 99999 })).sort()).toEqual(["restart", "terminationTimeoutSeconds"]);
  });
});
