// Imported modules read lib/env.ts; give it dummy settings first.
import "../../tests/helpers/unit-env";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { credential } from "./credential/schema";
import { variable } from "./variable/schema";
import { dropEchoedMasks, maskConfig, revealSecret, splitSecrets } from "./secret-fields";
import { SECRET_MASK } from "./view";

const PLAINTEXT = `s3cr3t-${randomBytes(6).toString("hex")}`;

describe("splitSecrets", () => {
  it("moves a secret value out of the config into an encrypted field", () => {
    const { config, secrets, changed, errors } = splitSecrets(credential, { kind: "git", domain: "github.com", username: "bot", token: PLAINTEXT }, {});
    expect(config).toEqual({ kind: "git", domain: "github.com", username: "bot" });
    expect(Object.keys(secrets)).toEqual(["token"]);
    expect(secrets.token).toMatch(/^v1:/);
    expect(secrets.token).not.toContain(PLAINTEXT);
    expect(changed).toEqual(["token"]);
    expect(errors).toEqual({});
    expect(revealSecret(secrets, "token")).toBe(PLAINTEXT);
  });

  it("encrypts the same value differently each time", () => {
    const a = splitSecrets(credential, { token: PLAINTEXT }, {}).secrets.token;
    const b = splitSecrets(credential, { token: PLAINTEXT }, {}).secrets.token;
    expect(a).not.toBe(b);
  });

  it("keeps the stored ciphertext when the field is left out", () => {
    const previous = splitSecrets(credential, { token: PLAINTEXT }, {}).secrets;
    const { secrets, changed, errors } = splitSecrets(credential, { username: "bot" }, previous);
    expect(secrets.token).toBe(previous.token);
    expect(changed).toEqual([]);
    expect(errors).toEqual({});
  });

  it("replaces the stored ciphertext when a new value is given", () => {
    const previous = splitSecrets(credential, { token: PLAINTEXT }, {}).secrets;
    const { secrets, changed } = splitSecrets(credential, { token: "replacement" }, previous);
    expect(secrets.token).not.toBe(previous.token);
    expect(revealSecret(secrets, "token")).toBe("replacement");
    expect(changed).toEqual(["token"]);
  });

  it("a field that is secret only sometimes stays plain when it isn't", () => {
    const { config, secrets } = splitSecrets(variable, { secret: false, value: "visible" }, {});
    expect(config).toEqual({ secret: false, value: "visible" });
    expect(secrets).toEqual({});
  });

  it("turning a secret into plain text without a new value is an error on that field", () => {
    const previous = splitSecrets(variable, { secret: true, value: PLAINTEXT }, {}).secrets;
    const { errors, secrets, config } = splitSecrets(variable, { secret: false }, previous);
    expect(errors).toEqual({ "config.value": [expect.stringContaining("Give a new value")] });
    expect(secrets).toEqual({});
    expect(JSON.stringify(config)).not.toContain(PLAINTEXT);
  });

  it("turning a secret into plain text with a new value drops the ciphertext", () => {
    const previous = splitSecrets(variable, { secret: true, value: PLAINTEXT }, {}).secrets;
    const result = splitSecrets(variable, { secret: false, value: "now public" }, previous);
    expect(result.errors).toEqual({});
    expect(result.config).toEqual({ secret: false, value: "now public" });
    expect(result.secrets).toEqual({});
  });
});

describe("masking", () => {
  it("shows the mask for a set secret, and nothing for an unset one", () => {
    const { config, secrets } = splitSecrets(credential, { username: "bot", token: PLAINTEXT }, {});
    expect(maskConfig(credential, config, secrets)).toEqual({ username: "bot", token: SECRET_MASK });
    expect(maskConfig(credential, { username: "bot" }, {})).toEqual({ username: "bot" });
  });

  it("shows a plain variable's value as it is", () => {
    expect(maskConfig(variable, { secret: false, value: "visible" }, {})).toEqual({ secret: false, value: "visible" });
  });

  it("an echoed mask means 'unchanged' and is dropped from the patch; other values stay", () => {
    expect(dropEchoedMasks(credential, { token: SECRET_MASK, username: SECRET_MASK })).toEqual({ username: SECRET_MASK });
    expect(dropEchoedMasks(credential, { token: "new" })).toEqual({ token: "new" });
  });
});

describe("revealSecret", () => {
  it("returns undefined for an unset field and refuses tampered ciphertext", () => {
    expect(revealSecret({}, "token")).toBeUndefined();
    const { token } = splitSecrets(credential, { token: PLAINTEXT }, {}).secrets;
    const [v, iv, tag, data] = token?.split(":") ?? [];
    if (data === undefined) throw new Error(`expected a v:iv:tag:data secret, got ${token}`);
    const flipped = Buffer.from(data, "base64");
    flipped.writeUInt8(flipped.readUInt8(0) ^ 1, 0);
    expect(() => revealSecret({ token: [v, iv, tag, flipped.toString("base64")].join(":") }, "token")).toThrow();
    expect(() => revealSecret({ token: "plain-not-encrypted" }, "token")).toThrow("Unrecognised secret format");
  });
});
