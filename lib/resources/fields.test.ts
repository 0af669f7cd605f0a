import { describe, expect, it } from "vitest";
import { absoluteOrEmptyPath, envLines, gitRemote, labelLines, portLines, resourceName, volumeLines } from "./fields";

/** The messages a multi-line field reports for `value` (empty when it is valid). */
function lineErrors(schema: ReturnType<typeof envLines>, value: string): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.message);
}

describe("env lines (KEY=value per line)", () => {
  it("accepts pasted .env content with blank lines and comments", () => {
    expect(lineErrors(envLines(), "LOG_LEVEL=info\n\n# a comment\nEMPTY=\nURL=postgres://a:b@c/d?x=1\n  _UNDER.score-1=x  ")).toEqual([]);
  });

  it("names the line number and the text of each bad line", () => {
    const errors = lineErrors(envLines(), "A=1\n# fine\nnot a pair\nB=2\n1BAD=x");
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain("Line 3");
    expect(errors[0]).toContain('"not a pair"');
    expect(errors[0]).toContain("e.g. LOG_LEVEL=info");
    expect(errors[1]).toContain("Line 5");
    expect(errors[1]).toContain('"1BAD=x"');
  });

  it("defaults to empty", () => {
    expect(envLines().parse(undefined)).toBe("");
  });
});

describe("port lines", () => {
  it("accepts the docker -p forms", () => {
    expect(lineErrors(portLines(), "8080:80\n80\n53:53/udp\n127.0.0.1:8443:443/tcp\n8000-8010:8000-8010\n9000:9000/sctp")).toEqual([]);
  });

  it("rejects other forms with their line numbers", () => {
    const errors = lineErrors(portLines(), "8080:80\nhttp\n80:80/foo\n1.2.3:80:80\n80::80");
    expect(errors.map((e) => e.match(/^Line (\d+)/)?.[1])).toEqual(["2", "3", "4", "5"]);
    expect(errors[0]).toContain("port mapping");
    expect(errors[0]).toContain("e.g. 8080:80");
  });
});

describe("volume lines", () => {
  it("accepts host paths and named volumes mounted at absolute paths, with a mode", () => {
    expect(lineErrors(volumeLines(), "/srv/data:/data:ro\ncache:/var/cache\n/a:/b:rw\n/x:/y:Z")).toEqual([]);
  });

  it("rejects relative container paths, bad modes and bare names", () => {
    const errors = lineErrors(volumeLines(), "/srv:/ok\n/srv:relative\n/a:/b:xx\njustaname\n/a b:/c");
    expect(errors.map((e) => e.match(/^Line (\d+)/)?.[1])).toEqual(["2", "3", "4", "5"]);
    expect(errors[0]).toContain('"/srv:relative"');
  });
});

describe("label lines", () => {
  it("accepts dotted keys and rejects keys with spaces", () => {
    expect(lineErrors(labelLines(), "com.example.team=web\ntraefik/enable=true")).toEqual([]);
    expect(lineErrors(labelLines(), "ok=1\nbad key=1")).toEqual([expect.stringContaining("Line 2")]);
  });
});

describe("resource names", () => {
  it("trims and accepts letters, digits, '.', '_' and '-'", () => {
    expect(resourceName.parse("  prod-web_1.eu ")).toBe("prod-web_1.eu");
    expect(resourceName.parse("a".repeat(63))).toHaveLength(63);
  });

  it.each([
    ["", "Name is required"],
    ["   ", "Name is required"],
    ["-web", "starting with a letter or digit"],
    ["has space", "Use letters"],
    ["a/b", "Use letters"],
    ["a".repeat(64), "at most 63"],
  ])("rejects %j", (name, message) => {
    const result = resourceName.safeParse(name);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message).join(" ")).toContain(message);
  });

  it("rejects a non-string with a clear message", () => {
    expect(resourceName.safeParse(42).error!.issues[0]?.message).toBe("Name must be a string");
  });
});

describe("git remotes and paths", () => {
  it("accepts the usual git addresses and empty", () => {
    for (const url of ["", "https://github.com/a/b.git", "ssh://git@host/a.git", "git@github.com:a/b.git", "file:///srv/repo.git", "git://host/r"]) {
      expect(gitRemote().safeParse(url).success, url).toBe(true);
    }
  });

  it("rejects other schemes and spaces", () => {
    for (const url of ["ftp://host/r", "github.com/a/b", "https://host/a b"]) expect(gitRemote().safeParse(url).success, url).toBe(false);
  });

  it("paths must be absolute when given", () => {
    expect(absoluteOrEmptyPath().safeParse("").success).toBe(true);
    expect(absoluteOrEmptyPath().safeParse("/srv/stack").success).toBe(true);
    expect(absoluteOrEmptyPath().safeParse("srv/stack").error!.issues[0]?.message).toBe("Use an absolute path");
  });
});
