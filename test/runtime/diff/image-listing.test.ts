import { describe, expect, it } from "vitest";
import { parseImageListing } from "../../../runtime/diff/image-listing.js";

describe("reading unsquashfs -lln", () => {
  it("reads the root, files, links, devices and FIFOs with their modes and numeric owners", () => {
    const listing = [
      "drwxr-xr-x 0/0                      48 2026-12-07 03:05 ",
      "crw-r--r-- 0/0                   1,  3 2026-12-07 03:05 /dev0",
      "-rwsr-xr-x 1000/100                  3 2026-12-07 03:05 /etc/a b",
      "lrwxrwxrwx 0/0                       1 2026-12-07 03:05 /etc/l -> a",
      "prw-r--r-- 0/0                       0 2026-12-07 03:05 /ff",
      "Parallel unsquashfs: Using 2 processors",
    ].join("\n");
    expect([...parseImageListing(listing)]).toEqual([
      ["/", { type: "directory", size: 0, mode: "rwxr-xr-x", owner: "0/0" }],
      ["/dev0", { type: "character device", size: 0, mode: "rw-r--r--", owner: "0/0", device: "1,3" }],
      ["/etc/a b", { type: "file", size: 3, mode: "rwsr-xr-x", owner: "1000/100" }],
      ["/etc/l", { type: "symlink", size: 1, mode: "rwxrwxrwx", owner: "0/0", target: "a" }],
      ["/ff", { type: "fifo", size: 0, mode: "rw-r--r--", owner: "0/0" }],
    ]);
  });

  it("reads a listing of 100,000 lines in linear time", () => {
    const lines = Array.from({ length: 100_000 }, (_, index) => `-rw-r--r-- 0/0 ${index} 2026-12-07 03:05 /usr/share/f${index}`);
    const started = performance.now();
    expect(parseImageListing(lines.join("\n")).size).toBe(100_000);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
