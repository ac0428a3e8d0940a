import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { bootSupport, makeBootImage, type BootImage } from "../../fixtures/boot/index.js";
import { suiteDirectory } from "../../helpers/temp.js";
import { skipFor } from "../../helpers/skip.js";
import { SquashfsReader } from "../../../runtime/install/squashfs-reader.js";
import { inspectSystemImage } from "../../../runtime/install/system-image.js";
import { readBootFiles } from "../../../runtime/vm/boot-files.js";

/**
 * What gp vm run takes out of the image before QEMU starts: the image check reads the kernel to
 * see which arch it is for, and the boot files must not read it a second time (each read is an
 * `unsquashfs -cat` that decompresses the whole kernel again).
 */
const support = bootSupport();

describe("the boot files of gp vm run", skipFor(support.available ? undefined : support.reason), () => {
  let image: BootImage;

  beforeAll(async () => {
    image = await makeBootImage({ output: join(suiteDirectory("gp-boot-files-"), "system.squashfs"), artifact: "bootfiles" });
  }, 300_000);

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("reads the kernel and the initramfs out of the image once each, from the image check to the files QEMU loads", async () => {
    const reads = vi.spyOn(SquashfsReader.prototype, "readFile");
    const system = await inspectSystemImage(image.path);
    const boot = await readBootFiles(system);

    const readsOf = (path: string) => reads.mock.calls.filter(([read]) => read === path).length;
    expect(readsOf("/boot/kernel")).toBe(1);
    expect(readsOf("/boot/initramfs")).toBe(1);
    // The bytes are the image's own, through its /boot links.
    expect(boot.kernel.equals(readFileSync(image.kernel.kernel))).toBe(true);
    expect(boot.initramfs.equals(readFileSync(image.kernel.initramfs))).toBe(true);
  });
});
