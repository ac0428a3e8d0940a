import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PC_BIOS_GRUB } from "../../genpack/arch.js";
import { hasCommand, run } from "../../host/exec.js";
import { GRUB_LIBRARY } from "./boot-loaders.js";

/** grub-bios-setup, which Debian keeps out of PATH in grub-pc-bin. */
export async function grubBiosSetupCommand(): Promise<string | undefined> {
  if (await hasCommand("grub-bios-setup")) return "grub-bios-setup";
  const debian = join(GRUB_LIBRARY, PC_BIOS_GRUB.grubPlatform, "grub-bios-setup");
  return existsSync(debian) ? debian : undefined;
}

/**
 * Writes GRUB's boot.img into the MBR of `device` and core.img after it (into the gap below the
 * first partition, or the GPT BIOS boot partition). grub-bios-setup insists on working out which
 * disk holds the directory with the two images and fails when that is a tmpfs or a disk it cannot
 * open; so the images are put on a small scratch ext4 volume of gp's own, named with the target
 * in a device map, which works the same on every host.
 */
export async function installBiosBootCode(setup: string, loaderDirectory: string, device: string): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), "gp-bios-"));
  const volume = join(scratch, "volume.ext4");
  const mountPoint = join(scratch, "mnt");
  let loop: string | undefined;
  let mounted = false;
  try {
    await run("truncate", ["-s", "8M", volume], { captureOnly: true });
    await run("mkfs.ext4", ["-q", "-F", volume], { captureOnly: true });
    loop = (await run("losetup", ["--find", "--show", volume], { captureOnly: true })).stdout.trim();
    await run("mkdir", ["-p", mountPoint], { captureOnly: true });
    await run("mount", [loop, mountPoint], { captureOnly: true });
    mounted = true;
    for (const name of ["boot.img", "core.img"]) copyFileSync(join(loaderDirectory, name), join(mountPoint, name));
    const deviceMap = join(scratch, "device.map");
    writeFileSync(deviceMap, `(hd0) ${device}\n(hd1) ${loop}\n`);
    await run(setup, ["--skip-fs-probe", "--device-map", deviceMap, "--directory", mountPoint, device], { captureOnly: true });
  } finally {
    if (mounted) await run("umount", [mountPoint], { captureOnly: true, allowFailure: true });
    if (loop !== undefined) await run("losetup", ["-d", loop], { captureOnly: true, allowFailure: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}
