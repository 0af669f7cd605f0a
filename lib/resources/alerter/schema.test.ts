import { describe, expect, it } from "vitest";
import { fieldErrors } from "../../validation";
import { alerterConfig } from "./schema";

const errorsOf = (input: unknown) => {
  const r = alerterConfig.safeParse(input);
  return r.success ? {} : fieldErrors(r.error);
};

describe("alerter config", () => {
  it("the default webhook endpoint needs an http(s) url", () => {
    expect(errorsOf({})).toEqual({ url: ["Use an http(s) URL"] });
    expect(errorsOf({ endpoint: "slack", url: "ftp://x" })).toEqual({ url: ["Use an http(s) URL"] });
    expect(errorsOf({ url: "https://hooks.example.test/a" })).toEqual({});
  });

  it("email needs an SMTP host and a recipient, but no url", () => {
    expect(errorsOf({ endpoint: "email" })).toEqual({ smtpHost: ["Email alerters need an SMTP host"], emailTo: ["Add at least one recipient"] });
    expect(errorsOf({ endpoint: "email", smtpHost: "smtp.local", emailTo: ["ops@example.test"] })).toEqual({});
  });

  it("checks recipients and alert types item by item", () => {
    const errors = errorsOf({ endpoint: "email", smtpHost: "smtp.local", emailTo: ["ok@example.test", "nope"], alertTypes: ["ServerCpu", "Bogus"] });
    expect(Object.keys(errors).sort()).toEqual(["alertTypes.1", "emailTo.1"]);
  });
});
