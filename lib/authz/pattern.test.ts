import { describe, expect, it } from "vitest";
import { isRegexPattern, matchesPattern, patternError } from "./pattern";

describe("name patterns: * wildcards", () => {
  it("matches a prefix wildcard against the whole name", () => {
    expect(matchesPattern("prod-*", "prod-api")).toBe(true);
    expect(matchesPattern("prod-*", "prod-")).toBe(true);
    expect(matchesPattern("prod-*", "staging-prod-api")).toBe(false);
    expect(matchesPattern("prod-*", "Prod-api")).toBe(false);
  });

  it("supports wildcards anywhere, several times", () => {
    expect(matchesPattern("*-api", "eu-api")).toBe(true);
    expect(matchesPattern("*-api", "eu-api-2")).toBe(false);
    expect(matchesPattern("web-*-eu-*", "web-1-eu-b")).toBe(true);
    expect(matchesPattern("*", "anything.at_all")).toBe(true);
  });

  it("without a wildcard is an exact name", () => {
    expect(matchesPattern("db", "db")).toBe(true);
    expect(matchesPattern("db", "db2")).toBe(false);
    expect(matchesPattern("db", "mydb")).toBe(false);
  });

  it("treats regex metacharacters in wildcard patterns literally", () => {
    expect(matchesPattern("app.v1", "app.v1")).toBe(true);
    expect(matchesPattern("app.v1", "appXv1")).toBe(false);
    expect(matchesPattern("a+b", "aab")).toBe(false);
    expect(matchesPattern("(x)|y", "y")).toBe(false);
    expect(matchesPattern("(x)|y", "(x)|y")).toBe(true);
  });
});

describe("name patterns: \\regex\\", () => {
  it("recognises a regex only when wrapped in backslashes", () => {
    expect(isRegexPattern("\\^api$\\")).toBe(true);
    expect(isRegexPattern("\\")).toBe(false);
    expect(isRegexPattern("\\^api$")).toBe(false);
    expect(isRegexPattern("prod-*")).toBe(false);
  });

  it("uses the regular expression as written, anchored or not", () => {
    expect(matchesPattern("\\^api-\\d+$\\", "api-12")).toBe(true);
    expect(matchesPattern("\\^api-\\d+$\\", "api-x")).toBe(false);
    expect(matchesPattern("\\^api-\\d+$\\", "xapi-1")).toBe(false);
    expect(matchesPattern("\\^api-(eu|us)$\\", "api-us")).toBe(true);
    expect(matchesPattern("\\^api-(eu|us)$\\", "api-asia")).toBe(false);
  });

  it("a \\regex\\ must match the whole name, not a part of it", () => {
    expect(matchesPattern("\\cache\\", "cache")).toBe(true);
    expect(matchesPattern("\\cache\\", "redis-cache-1")).toBe(false);
    expect(matchesPattern("\\api-(eu|us)\\", "api-eu")).toBe(true);
    expect(matchesPattern("\\api-(eu|us)\\", "legacy-api-eu-admin")).toBe(false);
    // An alternation can't escape the anchors: "a|b" means the name "a" or the name "b".
    expect(matchesPattern("\\web|db\\", "db")).toBe(true);
    expect(matchesPattern("\\web|db\\", "webserver")).toBe(false);
    expect(matchesPattern("\\web|db\\", "mydb")).toBe(false);
    expect(matchesPattern("\\prod-.*\\", "prod-api")).toBe(true);
  });

  it("an invalid regex is reported and denies every name", () => {
    expect(patternError("\\(unclosed\\")).toMatch(/^Invalid regular expression/);
    expect(patternError("\\[a-\\")).toMatch(/^Invalid regular expression/);
    // Said once: the engine's own message starts with the same words.
    expect(patternError("\\(unclosed\\")).toBe("Invalid regular expression: /(unclosed/: Unterminated group");
    expect(matchesPattern("\\(unclosed\\", "(unclosed")).toBe(false);
    expect(matchesPattern("\\(unclosed\\", "")).toBe(false);
  });

  it("valid patterns report no error; blank ones are refused and match nothing", () => {
    expect(patternError("prod-*")).toBeNull();
    expect(patternError("\\^ok$\\")).toBeNull();
    expect(patternError("")).toBe("Pattern must not be empty");
    expect(patternError("   ")).toBe("Pattern must not be empty");
    expect(matchesPattern("", "")).toBe(false);
  });
});
