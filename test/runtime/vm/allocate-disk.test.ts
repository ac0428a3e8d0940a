import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runGp } from "../../helpers/gp.js";
import { skipFor } from "../../helpers/skip.js";
import { temporaryDirectory } from "../../helpers/temp.js";
import { supportFrom, missingCommands } from "../../fixtures/boot/support.js";
import { disksToGrow, type BlockInfo } from "../../../runtime/vm/expand-disk.js";
import { parseAllocationSize } from "../../../runtime/vm/allocate-disk.js";

/** `gp vm allocate FILE SIZE` on real files, with the real mkfs.btrfs and blkid. */
const tools = supportFrom(missingCommands({ "mkfs.btrfs": "btrfs-progs", blkid: "util-linux" }), "gp vm allocate formats data disks with mkfs.btrfs");
const MiB = 1024 ** 2;

/** blkid's TYPE, LABEL and UUID of a file; an empty object for one without a file system. */
function probe(file: string): Record<string, string> {
  const result = spawnSync("blkid", ["-o", "export", file], { encoding: "utf8" });
  return Object.fromEntries(
    result.stdout
      .split("\n")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

describe("gp vm allocate", skipFor(tools.available ? undefined : tools.reason), () => {
  it("makes a sparse file of mode 0600 formatted as the btrfs data disk", async () => {
    const file = join(temporaryDirectory(), "data.img");
    const result = await runGp(["vm", "allocate", file, "256M"]);
    expect(result.stderr).toBe("");
    expect(result).toMatchObject({ exitCode: 0, stdout: `${file}: 256.0 MiB, formatted as btrfs\n` });
    const stats = statSync(file);
    expect(stats.size).toBe(256 * MiB);
    expect(stats.mode & 0o777).toBe(0o600);
    // Sparse: only what mkfs.btrfs wrote takes room, a few MiB of 256.
    expect(stats.blocks * 512).toBeLessThan(32 * MiB);
    expect(probe(file)).toMatchObject({ TYPE: "btrfs", LABEL: "data" });
  });

  it("grows an existing disk without formatting it again, and refuses to shrink it", async () => {
    const file = join(temporaryDirectory(), "data.img");
    expect((await runGp(["vm", "allocate", file, "128M"])).exitCode).toBe(0);
    const uuid = probe(file)["UUID"];
    expect(uuid).toMatch(/^[0-9a-f-]{36}$/);

    const grown = await runGp(["vm", "allocate", file, "1"]);
    expect(grown).toMatchObject({ exitCode: 0, stdout: `${file}: grown from 128.0 MiB to 1.0 GiB; a VM running with it sees the new size after gp vm expand NAME\n` });
    expect(statSync(file).size).toBe(1024 * MiB);
    expect(probe(file)["UUID"]).toBe(uuid);

    const same = await runGp(["vm", "allocate", file, "1G"]);
    expect(same).toMatchObject({ exitCode: 0, stdout: `${file} already holds 1.0 GiB\n` });

    const shrink = await runGp(["vm", "allocate", file, "512M"]);
    expect(shrink.exitCode).toBe(1);
    expect(shrink.stderr).toContain(`error GP9023: ${file} holds 1.0 GiB (1073741824 bytes), more than the 512.0 MiB asked for`);
    expect(statSync(file).size).toBe(1024 * MiB);
    expect(probe(file)["UUID"]).toBe(uuid);
  });

  it("leaves a --raw disk unformatted", async () => {
    const file = join(temporaryDirectory(), "scratch.img");
    const result = await runGp(["vm", "allocate", file, "16M", "--raw", "--json"]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ type: "result", ok: true, path: file, bytes: 16 * MiB, nocow: false });
    expect(statSync(file).blocks).toBe(0);
    expect(probe(file)).toEqual({});
  });

  it("refuses what is not a disk image file to make or grow, and leaves nothing behind", async () => {
    const directory = temporaryDirectory();
    const fifo = join(directory, "fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const target = join(directory, "target.img");
    writeFileSync(target, "");
    symlinkSync(target, join(directory, "link.img"));
    mkdirSync(join(directory, "folder"));
    const cases: [string[], string][] = [
      [[fifo, "1G"], `error GP9008: ${fifo} is not a regular file`],
      [[join(directory, "link.img"), "1G"], `error GP9008: ${join(directory, "link.img")} is a symbolic link`],
      [[join(directory, "folder"), "1G"], `error GP9008: ${join(directory, "folder")} is not a regular file`],
      [[join(directory, "missing", "data.img"), "1G"], `error GP9008: ${join(directory, "missing", "data.img")} cannot be created`],
      [[join(directory, "small.img"), "64M"], "error GP9007: a data disk needs at least 128M for its btrfs file system"],
      [[join(directory, "odd.img"), "1.0000001G"], "error GP9007: SIZE: 1.0000001G is not a whole number of 512-byte sectors"],
      [[join(directory, "huge.img"), "9000000T"], "error GP9007: SIZE: 9000000T is larger than any disk"],
      [[join(directory, "word.img"), "big"], `error GP9007: SIZE: "big" is not a size`],
    ];
    for (const [args, message] of cases) {
      const result = await runGp(["vm", "allocate", ...args]);
      expect({ args, exitCode: result.exitCode, said: result.stderr.includes(message) }, result.stderr).toEqual({ args, exitCode: 1, said: true });
    }
    expect(readdirSync(directory).sort()).toEqual(["fifo", "folder", "link.img", "target.img"]);
    expect(statSync(target).size).toBe(0);
    expect(lstatSync(join(directory, "link.img")).isSymbolicLink()).toBe(true);
  });
});

const mountable = supportFrom(
  [...missingCommands({ "mkfs.btrfs": "btrfs-progs", lsattr: "e2fsprogs", mount: "mount" }), ...(process.getuid?.() === 0 ? [] : ["mounting a btrfs file system needs root"])],
  "gp vm allocate's NOCOW on btrfs is tested on a btrfs file system mounted from a loop device",
);

describe("gp vm allocate on btrfs", skipFor(mountable.available ? undefined : mountable.reason), () => {
  it("turns copy-on-write off before the file holds data", async () => {
    const directory = temporaryDirectory();
    const volume = join(directory, "volume.btrfs");
    const mountpoint = join(directory, "mnt");
    mkdirSync(mountpoint);
    expect(spawnSync("truncate", ["-s", "256M", volume]).status).toBe(0);
    expect(spawnSync("mkfs.btrfs", ["-q", volume]).status).toBe(0);
    const mounted = spawnSync("mount", ["-o", "loop", volume, mountpoint], { encoding: "utf8" });
    expect(mounted.status, mounted.stderr).toBe(0);
    try {
      const file = join(mountpoint, "data.img");
      const result = await runGp(["vm", "allocate", file, "128M", "--json"]);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ path: file, bytes: 128 * MiB, formatted: "btrfs", nocow: true });
      expect(spawnSync("lsattr", ["-d", file], { encoding: "utf8" }).stdout.split(" ")[0]).toContain("C");
      expect(probe(file)).toMatchObject({ TYPE: "btrfs", LABEL: "data" });
    } finally {
      spawnSync("umount", [mountpoint]);
    }
    expect(existsSync(join(mountpoint, "data.img"))).toBe(false);
  });
});

describe("the size gp vm allocate reads", () => {
  it("takes a size with a unit, or a bare number of GiB as the reference does", () => {
    expect(parseAllocationSize("512M")).toEqual({ value: 512 * MiB });
    expect(parseAllocationSize("2")).toEqual({ value: 2 * 1024 * MiB });
    expect(parseAllocationSize("1.5G")).toEqual({ value: 1536 * MiB });
    expect(parseAllocationSize("100K")).toEqual({ problem: "100K is too small for a disk; give at least 1M" });
  });
});

describe("the disks gp vm expand resizes", () => {
  const block = (device: string, file: string, virtualSize: number, extra: Partial<BlockInfo> & { ro?: boolean; drv?: string } = {}): BlockInfo => ({
    device,
    removable: extra.removable ?? false,
    inserted: { ro: extra.ro ?? false, drv: extra.drv ?? "raw", file, image: { "virtual-size": virtualSize } },
  });
  const sizes: Record<string, number> = { "/system.img": 4096 * MiB, "/data.img": 2048 * MiB, "/same.img": MiB, "/odd.img": MiB + 700, "/disc.iso": 900 * MiB };

  it("are the writable fixed raw disks whose files grew, to the file's size in whole sectors", () => {
    const blocks = [
      block("system", "/system.img", 1024 * MiB, { ro: true }),
      block("data", "/data.img", 1024 * MiB),
      block("same", "/same.img", MiB),
      block("odd", "/odd.img", MiB),
      block("cd", "/disc.iso", 0, { removable: true }),
      block("qcow", "/data.img", MiB, { drv: "qcow2" }),
      block("gone", "/gone.img", MiB),
      { device: "empty", removable: true },
    ];
    expect(disksToGrow(blocks, (file) => sizes[file])).toEqual([
      { device: "data", file: "/data.img", fromBytes: 1024 * MiB, toBytes: 2048 * MiB },
      { device: "odd", file: "/odd.img", fromBytes: MiB, toBytes: MiB + 512 },
    ]);
  });
});
