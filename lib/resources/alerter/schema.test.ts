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

  it("names the field each endpoint is missing", () => {
    expect(errorsOf({ endpoint: "slack", url: "ftp://x" })).toEqual({ url: ["Use an http(s) URL"] });
    expect(Object.keys(errorsOf({ endpoint: "telegram" }))).toEqual(["telegramChatId"]);
    expect(Object.keys(errorsOf({ endpoint: "pushover", url: "nope" })).sort()).toEqual(["pushoverUser", "url"]);
    expect(Object.keys(errorsOf({ endpoint: "email" })).sort()).toEqual(["emailTo", "smtpHost"]);
    expect(errorsOf({ endpoint: "telegram", telegramChatId: "-100123" })).toEqual({});
    expect(errorsOf({ endpoint: "pushover", pushoverUser: "uQiRzpo4DXghDmr9QzzfQu27cmVRsG" })).toEqual({});
  });

  it("checks resource patterns and maintenance windows", () => {
    const errors = errorsOf({
      url: "https://hooks.example/x",
      resourceAllow: ["\\(\\", "tag:"],
      maintenanceWindows: [
        { name: "a", start: "2026-12-24T20:00:00Z", end: "2026-12-24T18:00:00Z" },
        { name: "b", start: "tomorrow" },
        { name: "c", hour: 3 },
        { name: "d", hour: 3, durationMinutes: 60, timezone: "Mars/Olympus" },
      ],
    });
    expect(Object.keys(errors).sort()).toEqual([
      "maintenanceWindows.0.end",
      "maintenanceWindows.1.end",
      "maintenanceWindows.1.start",
      "maintenanceWindows.2.durationMinutes",
      "maintenanceWindows.3.timezone",
      "resourceAllow.0",
      "resourceAllow.1",
    ]);
  });
});
