import "../../tests/helpers/unit-env";
import { afterEach, describe, expect, it } from "vitest";
import { isPrivateAddress, parseOutboundUrl, resolvePublic, setAllowPrivateTargets } from "./outbound";

afterEach(() => setAllowPrivateTargets(undefined));

describe("outbound address rules", () => {
  it("refuses private, loopback, link-local, unique-local and mapped forms of them", () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "fd00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
      "::ffff:a9fe:a9fe",
      "::",
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) expect(isPrivateAddress(a), a).toBe(false);
  });

  it("accepts only http and https URLs", () => {
    expect(() => parseOutboundUrl("file:///etc/passwd")).toThrow(/http or https/);
    expect(() => parseOutboundUrl("gopher://x")).toThrow(/http or https/);
    expect(() => parseOutboundUrl("not a url")).toThrow(/not a valid URL/);
    expect(parseOutboundUrl("https://hooks.example/x").hostname).toBe("hooks.example");
  });

  it("refuses a loopback host unless private targets are allowed", async () => {
    setAllowPrivateTargets(false);
    await expect(resolvePublic("127.0.0.1", "Webhook")).rejects.toThrow(/private, loopback or link-local.*WHEELHOUSE_ALERTER_ALLOW_PRIVATE/);
    await expect(resolvePublic("[::1]", "Webhook")).rejects.toThrow(/private/);
    await expect(resolvePublic("localhost", "Webhook")).rejects.toThrow(/private/);
    setAllowPrivateTargets(true);
    expect((await resolvePublic("127.0.0.1", "Webhook")).address).toBe("127.0.0.1");
  });
});
