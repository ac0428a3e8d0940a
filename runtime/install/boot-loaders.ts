import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ARCH_FACTS } from "../../genpack/arch.js";
import { run } from "../../host/exec.js";
import { GRUB_MODULES, grubConfig } from "./grub-config.js";
import { codes } from "../../errors/codes.js";
import { InstallProblem } from "./install-problem.js";
import type { SystemImage } from "./system-image.js";

/** Where Debian installs GRUB's modules and images, one directory a platform. */
export const GRUB_LIBRARY = "/usr/lib/grub";

/** The loader files of one install, on the host. */
export interface BootLoaders {
  /** Where they came from, for messages: the image's /usr/lib/genpack-install, or gp's GRUB build. */
  readonly source: "image" | "gp";
  /** EFI binaries by their file name under EFI/BOOT/. */
  readonly efi: ReadonlyMap<string, string>;
  /** For BIOS: GRUB's boot.img, a core.img whose prefix is the boot partition, and grub.cfg. */
  readonly bios?: { readonly directory: string; readonly grubCfg: string };
}

/**
 * The boot loaders for an image. Like genpack, the image's own (`/usr/lib/genpack-install/`)
 * win, so an image brings the loader that matches it; an image without them gets loaders gp
 * builds with the host's GRUB around {@link grubConfig}: a standalone EFI binary with the script
 * embedded, and for x86 a BIOS core image that reads `/boot/grub/grub.cfg` from the boot
 * partition. Built loaders are cached by their inputs under `cacheDir`.
 */
export async function bootLoaders(image: SystemImage, options: { readonly cacheDir: string; readonly table: "mbr" | "gpt"; readonly bios: boolean; readonly signal?: AbortSignal }): Promise<BootLoaders> {
  const fromImage = await imageLoaders(image, options.cacheDir, options.signal);
  if (fromImage !== undefined) return fromImage;
  const { efi, bios } = ARCH_FACTS[image.arch];
  // The loader is named in lower case, as genpack names the ones it installs; FAT does not tell the cases apart.
  const efiFile = efi.loader.toLowerCase();
  const missing: string[] = [];
  if (!existsSync(join(GRUB_LIBRARY, efi.grubPlatform))) missing.push(`${efi.grubPackage} (GRUB for ${efi.grubPlatform})`);
  const wantBios = options.bios ? bios : undefined;
  if (wantBios !== undefined && !existsSync(join(GRUB_LIBRARY, wantBios.grubPlatform))) missing.push(`${wantBios.grubPackage} (GRUB for BIOS)`);
  if (missing.length > 0) throw new InstallProblem(codes.installToolMissing, `The image carries no boot loader (/usr/lib/genpack-install), and gp cannot build one: install ${missing.join(", ")}.`);

  const config = grubConfig();
  const version = (await run("grub-mkimage", ["--version"], { captureOnly: true })).stdout.trim();
  const key = createHash("sha256").update(JSON.stringify({ config, version, arch: image.arch, table: options.table, wantBios: wantBios !== undefined, modules: GRUB_MODULES })).digest("hex").slice(0, 16);
  const directory = join(options.cacheDir, "loaders", key);
  if (!existsSync(directory)) {
    const building = `${directory}.tmp-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    mkdirSync(building, { recursive: true });
    writeFileSync(join(building, "grub.cfg"), config);
    const runOptions = { captureOnly: true, ...(options.signal === undefined ? {} : { signal: options.signal }) };
    await run(
      "grub-mkstandalone",
      ["-O", efi.grubPlatform, "-o", join(building, efiFile), "--modules=part_gpt part_msdos fat iso9660", "--compress=xz", "--locales=", "--fonts=", "--themes=", `boot/grub/grub.cfg=${join(building, "grub.cfg")}`],
      runOptions,
    );
    if (wantBios !== undefined) {
      const prefix = options.table === "mbr" ? "(,msdos1)/boot/grub" : "(,gpt1)/boot/grub";
      await run("grub-mkimage", ["-O", wantBios.grubPlatform, "-o", join(building, "core.img"), "-p", prefix, "biosdisk", ...GRUB_MODULES], runOptions);
      await run("cp", [join(GRUB_LIBRARY, wantBios.grubPlatform, "boot.img"), join(building, "boot.img")], runOptions);
      await run("grub-mkimage", ["-O", `${wantBios.grubPlatform}-eltorito`, "-o", join(building, "eltorito-bios.img"), "-p", "/boot/grub", "biosdisk", ...GRUB_MODULES], runOptions);
    }
    mkdirSync(join(options.cacheDir, "loaders"), { recursive: true });
    try {
      renameSync(building, directory);
    } catch {
      // Another gp built the same loaders meanwhile; theirs are as good.
      rmSync(building, { recursive: true, force: true });
    }
  }
  return {
    source: "gp",
    efi: new Map([[efiFile, join(directory, efiFile)]]),
    ...(wantBios !== undefined ? { bios: { directory, grubCfg: join(directory, "grub.cfg") } } : {}),
  };
}

/** The image's /usr/lib/genpack-install loaders copied out to the host, or undefined when it has none. */
async function imageLoaders(image: SystemImage, cacheDir: string, signal?: AbortSignal): Promise<BootLoaders | undefined> {
  const names = image.reader.list("/usr/lib/genpack-install");
  const efiNames = names.filter((name) => /^boot.*\.efi$/.test(name)).sort();
  if (efiNames.length === 0) return undefined;
  const directory = join(cacheDir, "image-loaders", `${process.pid}-${Date.now()}`);
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  const copy = async (name: string) => {
    const bytes = await image.reader.readFile(`/usr/lib/genpack-install/${name}`, signal);
    if (bytes === undefined) return false;
    writeFileSync(join(directory, name), bytes);
    return true;
  };
  const efi = new Map<string, string>();
  for (const name of efiNames) if (await copy(name)) efi.set(name, join(directory, name));
  const biosFiles = ["boot.img", "core.img", "grub.cfg"];
  const hasBios = biosFiles.every((name) => names.includes(name));
  if (hasBios) for (const name of biosFiles) await copy(name);
  return { source: "image", efi, ...(hasBios ? { bios: { directory, grubCfg: join(directory, "grub.cfg") } } : {}) };
}

/** Removes loader copies taken out of images (gp's own builds stay cached). */
export function forgetImageLoaders(cacheDir: string): void {
  const directory = join(cacheDir, "image-loaders");
  if (!existsSync(directory)) return;
  for (const name of readdirSync(directory)) if (name.startsWith(`${process.pid}-`)) rmSync(join(directory, name), { recursive: true, force: true });
}
