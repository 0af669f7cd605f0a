import { describe, expect, it } from "vitest";
import { configLines, keyValues, shellWords } from "./text";

describe("shellWords", () => {
  it("splits on whitespace and keeps quoted words together", () => {
    expect(shellWords(`sh -c "echo 'hi there' && sleep 1"`)).toEqual(["sh", "-c", "echo 'hi there' && sleep 1"]);
    expect(shellWords(`a 'b c' "" d\\ e`)).toEqual(["a", "b c", "", "d e"]);
  });
  it("refuses an unclosed quote", () => {
    expect(() => shellWords(`echo "oops`)).toThrow(/Unclosed " quote/);
  });
});

describe("keyValues", () => {
  it("keeps everything after the first = and skips comments", () => {
    expect(keyValues("# comment\nA=1\n\nB=x=y\n")).toEqual({ A: "1", B: "x=y" });
    expect(configLines(" a \n#b\n\nc").map((l) => l.n)).toEqual([1, 4]);
  });
});
