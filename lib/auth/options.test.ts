import "@/tests/helpers/unit-env";
import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function providerIds() {
  const { authOptions } = await import("./options");
  return authOptions().providers.map((p) => p.id);
}

describe("sign-in providers", () => {
  it("offers only username and password by default", async () => {
    expect(await providerIds()).toEqual(["credentials"]);
  });

  it("adds OIDC (from a discovery URL) and GitHub when their settings are present", async () => {
    vi.stubEnv("OIDC_DISCOVERY_URL", "https://id.example.com/.well-known/openid-configuration");
    vi.stubEnv("OIDC_CLIENT_ID", "wheelhouse");
    vi.stubEnv("OIDC_CLIENT_SECRET", "s3cret");
    vi.stubEnv("GITHUB_CLIENT_ID", "gh-id");
    vi.stubEnv("GITHUB_CLIENT_SECRET", "gh-secret");
    const { authOptions } = await import("./options");
    const providers = authOptions().providers;
    expect(providers.map((p) => p.id)).toEqual(["credentials", "oidc", "github"]);
    expect((providers[1] as { wellKnown?: string }).wellKnown).toBe("https://id.example.com/.well-known/openid-configuration");
  });
});
