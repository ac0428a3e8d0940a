import { describe, expect, it } from "vitest";
import { compareImages } from "../../../runtime/diff/compare-images.js";
import type { ImageFacts, ListedEntry } from "../../../runtime/diff/image-facts.js";
import { humanSize, renderDiff, signedSize } from "../../../runtime/diff/render-diff.js";

const file = (size: number): ListedEntry => ({ type: "file", size, mode: "rw-r--r--", owner: "0/0" });

function image(more: Partial<ImageFacts>): ImageFacts {
  return { image: "x.squashfs", imageSize: 4096, packages: [], entries: new Map(), users: [], groups: [], ...more };
}

describe("gp diff's text", () => {
  it("writes sizes as people read them, with a sign for changes", () => {
    expect([humanSize(0), humanSize(1023), humanSize(1536), humanSize(5 * 1024 ** 3)]).toEqual(["0 B", "1023 B", "1.5 KiB", "5.0 GiB"]);
    expect([signedSize(0), signedSize(2048), signedSize(-12)]).toEqual(["±0 B", "+2.0 KiB", "-12 B"]);
  });

  it("counts files per package, and lists them only when asked", () => {
    const old = image({ packages: [{ category: "a", name: "x", version: "1", slot: "0", use: [] }], owners: new Map(), entries: new Map() });
    const now = image({
      packages: [{ category: "a", name: "x", version: "1", slot: "0", use: [] }],
      owners: new Map([["/usr/bin/x", 0], ["/usr/lib/x.so", 0]]),
      entries: new Map([["/usr/bin/x", file(1024)], ["/usr/lib/x.so", file(1024)], ["/etc/made", file(10)]]),
    });
    const diff = compareImages(old, now, new Set());
    const options = { color: false, files: false, oldName: "old.squashfs", newName: "new.squashfs", notes: [] };
    const summary = renderDiff(diff, options);
    expect(summary).toContain("Files: 3 added, 0 removed, 0 changed (+2.0 KiB)\n  a/x: 2 added (+2.0 KiB)\n  not from a package: 1 added (+10 B)\n");
    expect(summary).not.toContain("/usr/bin/x");
    expect(renderDiff(diff, { ...options, files: true })).toContain("  a/x: 2 added (+2.0 KiB)\n    + /usr/bin/x (+1.0 KiB)\n    + /usr/lib/x.so (+1.0 KiB)\n");
  });

  it("says so when nothing differs, and colours nothing without colour", () => {
    const same = image({ entries: new Map([["/etc/a", file(1)]]) });
    const text = renderDiff(compareImages(same, same, new Set()), { color: false, files: false, oldName: "a", newName: "a", notes: [] });
    expect(text).toContain("\nNo differences.\n");
    expect(text).not.toContain("\u001b[");
  });
});
