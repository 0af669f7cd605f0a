import { describe, expect, it } from "vitest";
import { syncConfig } from "../resources/sync/schema";
import { jsonBytes, pagesOf, MAX_FRAME_BYTES } from "./frames";
import { chunksOf, normalizeSyncPath, SyncFilesAssembler, syncPathProblem, SYNC_MAX_BYTES, SYNC_MAX_FILES, ZSyncReadData } from "./sync";

describe("sync paths", () => {
  it("refuses absolute paths, climbing with .., and NUL, naming the path", () => {
    expect(syncPathProblem("/etc/passwd")).toMatch(/Path \/etc\/passwd is absolute/);
    expect(syncPathProblem("C:\\x.toml")).toMatch(/absolute/);
    expect(syncPathProblem("../secrets.toml")).toMatch(/Path \.\.\/secrets\.toml goes up/);
    expect(syncPathProblem("a/../../b")).toMatch(/goes up/);
    expect(syncPathProblem("a\\..\\b")).toMatch(/goes up/);
    expect(syncPathProblem("a\0b")).toMatch(/NUL/);
  });

  it("accepts relative files and folders, and normalizes them (the root is empty)", () => {
    for (const ok of ["resources", "resources/app.toml", "./x", ".", "a..b/c", "..hidden.toml"]) expect(syncPathProblem(ok)).toBeNull();
    expect(normalizeSyncPath("./resources//prod/")).toBe("resources/prod");
    expect(normalizeSyncPath(".")).toBe("");
    expect(normalizeSyncPath("./")).toBe("");
  });

  it("is refused when the Sync is saved, and a host source needs a server", () => {
    const bad = syncConfig.safeParse({ source: "git", repoUrl: "https://git.example.test/a.git", paths: ["ok", "../up"] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["paths.1", expect.stringMatching(/goes up/)]]);
    const host = syncConfig.safeParse({ source: "host", hostPath: "/srv/sync" });
    expect(host.error?.issues.map((i) => i.path.join("."))).toEqual(["serverId"]);
    expect(syncConfig.safeParse({ source: "host", hostPath: "/srv/sync", serverId: "s1" }).success).toBe(true);
  });
});

describe("sync file chunks", () => {
  it("round-trips files of every size through chunks, pages and the assembler, each page under the frame limit", () => {
    const files = [
      { path: "a.toml", contents: "" },
      { path: "b.toml", contents: "x".repeat(100_000) },
      // Control characters: six bytes each as JSON, the worst case for a page.
      { path: "c.toml", contents: "\u0001".repeat(70_000) },
      { path: "d.toml", contents: "😀".repeat(40_000) },
    ];
    const pages = pagesOf(chunksOf(files, 1000 * 3 + 1));
    const assembler = new SyncFilesAssembler();
    for (const chunks of pages) {
      expect(jsonBytes(ZSyncReadData.parse({ type: "sync.read.data", requestId: "r", chunks }))).toBeLessThan(MAX_FRAME_BYTES);
      for (const chunk of chunks) assembler.add(chunk);
    }
    expect(assembler.finish(4)).toEqual(files);
  });

  it("never splits a surrogate pair", () => {
    const chunks = chunksOf([{ path: "e.toml", contents: "a😀b" }], 2);
    expect(chunks.map((c) => c.contents)).toEqual(["a", "😀", "b"]);
  });

  it("holds the agent to its promise: all files, none twice, none interleaved, within the bounds", () => {
    const short = new SyncFilesAssembler();
    short.add({ path: "a", contents: "1", more: false });
    expect(() => short.finish(2)).toThrow(/1 of 2 files arrived/);
    const cut = new SyncFilesAssembler();
    cut.add({ path: "a", contents: "1", more: true });
    expect(() => cut.finish(1)).toThrow(/cut short/);
    expect(() => cut.add({ path: "b", contents: "1", more: false })).toThrow(/sent b before finishing a/);
    const twice = new SyncFilesAssembler();
    twice.add({ path: "a", contents: "1", more: false });
    expect(() => twice.add({ path: "a", contents: "1", more: false })).toThrow(/twice/);
    const big = new SyncFilesAssembler();
    expect(() => big.add({ path: "a", contents: "x".repeat(SYNC_MAX_BYTES + 1), more: false })).toThrow(/more than 5 MB/);
    const many = new SyncFilesAssembler();
    expect(() => {
      for (let i = 0; i <= SYNC_MAX_FILES; i++) many.add({ path: `f${i}`, contents: "", more: false });
    }).toThrow(/more than 2000 files/);
  });
});
