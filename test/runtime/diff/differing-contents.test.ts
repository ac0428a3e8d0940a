import { describe, expect, it } from "vitest";
import { ROUND_BYTES, rounds } from "../../../runtime/diff/differing-contents.js";

describe("comparing file contents in rounds", () => {
  it("unpacks at most ROUND_BYTES of files per round, a larger file alone, in order", () => {
    const half = ROUND_BYTES / 2;
    const cut = rounds([
      { path: "/a", size: half },
      { path: "/b", size: half },
      { path: "/c", size: 1 },
      { path: "/huge", size: ROUND_BYTES * 3 },
      { path: "/d", size: 0 },
    ]);
    expect(cut.map((round) => round.map((candidate) => candidate.path))).toEqual([["/a", "/b"], ["/c"], ["/huge"], ["/d"]]);
  });

  it("makes no round of nothing", () => {
    expect(rounds([])).toEqual([]);
  });
});
