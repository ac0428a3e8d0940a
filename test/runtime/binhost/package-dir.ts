import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** A package of a test package directory: its CPV, build id and the bytes of its file. */
export interface TestPackage {
  readonly cpv: string;
  readonly buildId?: number;
  readonly content: string;
  readonly use?: string;
}

export const HEADER = ["ARCH: amd64", "CHOST: x86_64-pc-linux-gnu", "PACKAGES: 0", "REPO: gentoo", "TIMESTAMP: 1700000000", "VERSION: 0"];

/** The path binpkg-multi-instance gives a package: category/name/name-version-buildid.gpkg.tar. */
export function pathOf(pkg: TestPackage): string {
  const [category, pf] = pkg.cpv.split("/") as [string, string];
  const name = pf.replace(/-[0-9].*$/, "");
  return `${category}/${name}/${pf}-${pkg.buildId ?? 1}.gpkg.tar`;
}

/** The index block Portage writes for a package: digests of its file, its path and its USE. */
export function blockOf(pkg: TestPackage): string[] {
  const data = Buffer.from(pkg.content);
  return [
    `BUILD_ID: ${pkg.buildId ?? 1}`,
    `CPV: ${pkg.cpv}`,
    `MD5: ${createHash("md5").update(data).digest("hex")}`,
    `PATH: ${pathOf(pkg)}`,
    `SHA1: ${createHash("sha1").update(data).digest("hex")}`,
    `SIZE: ${data.length}`,
    `USE: ${pkg.use ?? ""}`.trimEnd(),
  ];
}

/** A package directory as a build leaves it: each package's file and a Packages index listing them. */
export function writePackageDir(directory: string, packages: readonly TestPackage[], header: readonly string[] = HEADER): string {
  for (const pkg of packages) {
    const file = join(directory, pathOf(pkg));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, pkg.content);
  }
  const blocks = packages.map((pkg) => `${blockOf(pkg).join("\n")}\n`);
  writeFileSync(join(directory, "Packages"), [`${header.map((line) => (line.startsWith("PACKAGES:") ? `PACKAGES: ${packages.length}` : line)).join("\n")}\n`, ...blocks].join("\n") + "\n");
  return directory;
}
