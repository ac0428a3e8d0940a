import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface SystemImageOptions {
  /** What /.genpack/arch says. @default "x86_64" */
  readonly arch?: string;
  /** The arch the kernel's header says it is built for. @default "x86_64" */
  readonly kernelFor?: "x86_64" | "aarch64";
  /** What /.genpack/artifact says. @default "appliance" */
  readonly artifact?: string;
  /** The content of /etc/marker, to tell images apart. */
  readonly marker?: string;
  /** A boot loader the image brings, as /usr/lib/genpack-install/bootx64.efi. */
  readonly efiLoader?: string;
  /** The system.ini schema the image carries (/usr/share/gp/system-ini.json). */
  readonly systemIniSchema?: object;
}

/**
 * A small genpack system image made with mksquashfs, `WORK/NAME.squashfs`: /.genpack metadata, a
 * kernel whose header names its arch, an initramfs, and what the options add.
 */
export function makeSystemImage(work: string, name: string, options: SystemImageOptions = {}): string {
  const root = join(work, `${name}-root`);
  mkdirSync(join(root, ".genpack"), { recursive: true });
  mkdirSync(join(root, "boot"), { recursive: true });
  mkdirSync(join(root, "etc"), { recursive: true });
  writeFileSync(join(root, ".genpack/arch"), `${options.arch ?? "x86_64"}\n`);
  writeFileSync(join(root, ".genpack/artifact"), `${options.artifact ?? "appliance"}\n`);
  if (options.marker !== undefined) writeFileSync(join(root, "etc/marker"), `${options.marker}\n`);
  const kernel = Buffer.alloc(8192);
  if ((options.kernelFor ?? "x86_64") === "x86_64") {
    kernel.write("HdrS", 0x202, "latin1");
    kernel.writeUInt16LE(1, 0x236);
  } else kernel.write("ARM\x64", 0x38, "latin1");
  writeFileSync(join(root, "boot/kernel-6.1.0"), kernel);
  writeFileSync(join(root, "boot/initramfs-6.1.0.img"), "initramfs\n");
  symlinkSync("kernel-6.1.0", join(root, "boot/kernel"));
  symlinkSync("initramfs-6.1.0.img", join(root, "boot/initramfs"));
  if (options.efiLoader !== undefined) {
    mkdirSync(join(root, "usr/lib/genpack-install"), { recursive: true });
    writeFileSync(join(root, "usr/lib/genpack-install/bootx64.efi"), options.efiLoader);
  }
  if (options.systemIniSchema !== undefined) {
    mkdirSync(join(root, "usr/share/gp"), { recursive: true });
    writeFileSync(join(root, "usr/share/gp/system-ini.json"), JSON.stringify(options.systemIniSchema));
  }
  const image = join(work, `${name}.squashfs`);
  execFileSync("mksquashfs", [root, image, "-noappend", "-quiet", "-no-progress"]);
  return image;
}
