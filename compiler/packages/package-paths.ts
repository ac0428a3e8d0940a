import type { PackageSpec } from "../../dsl/package.js";
import type { ValuePath } from "../../errors/diagnostics.js";
import { longComponentProblem } from "../validate/checks.js";
import { quote } from "../../errors/quote.js";
import { initModuleSource } from "../system-ini/init-module.js";

/** Where genpack's runner looks for a package's build-time scripts. */
export const PACKAGE_SCRIPTS_DIR = "/usr/lib/genpack/package-scripts";
/** Where genpack-init looks for its boot modules. */
export const INIT_MODULES_DIR = "/usr/lib/genpack-init";
/** Where packages install systemd units. */
export const SYSTEMD_UNITS_DIR = "/usr/lib/systemd/system";

const UNIT_TYPES = ["service", "socket", "device", "mount", "automount", "swap", "target", "path", "timer", "slice", "scope"];
const UNIT = new RegExp(`^[A-Za-z0-9:_.\\\\@-]+\\.(?:${UNIT_TYPES.join("|")})$`);

/** Why a key of `systemdUnits` is not a unit file (`name.service`) or a drop-in (`name.service.d/x.conf`). */
export function unitNameProblem(name: string): string | undefined {
  const [unit = "", dropIn, ...rest] = name.split("/");
  if (rest.length > 0) return `${quote(name)} is neither a unit file nor a drop-in such as \`name.service.d/override.conf\``;
  if (dropIn !== undefined) {
    if (!unit.endsWith(".d") || !UNIT.test(unit.slice(0, -2))) return `${quote(unit)} is not a drop-in directory such as \`name.service.d\``;
    if (!/^[A-Za-z0-9:_.@-]+\.conf$/.test(dropIn)) return `${quote(dropIn)} is not a drop-in file name ending in ".conf"`;
    return longComponentProblem(name);
  }
  return UNIT.test(name) ? longComponentProblem(name) : `${quote(name)} is not a systemd unit file name ending in .${UNIT_TYPES.join(", .")}`;
}

/** One thing a package installs, before its source is read. */
export interface PlannedFile {
  /** Absolute path in the image. */
  readonly imagePath: string;
  readonly source: unknown;
  /** Where the entry is written in the package spec. */
  readonly path: ValuePath;
  /** Package scripts must be executable for genpack's runner; the rest keep their own mode. */
  readonly kind: "file" | "package-script" | "init-module" | "systemd-unit";
}

/**
 * Everything a package installs, by image path: its `files`, and its package scripts, init
 * modules and units at the places genpack and systemd look for them.
 */
export function plannedFiles(spec: PackageSpec): PlannedFile[] {
  const planned: PlannedFile[] = [];
  for (const [imagePath, source] of Object.entries(spec.files ?? {})) planned.push({ imagePath, source, path: ["files", imagePath], kind: "file" });
  for (const [key, source] of Object.entries(spec.packageScripts ?? {})) {
    const target = key.includes("/") ? key : `${spec.category}/${spec.name}/${key}`;
    planned.push({ imagePath: `${PACKAGE_SCRIPTS_DIR}/${target}`, source, path: ["packageScripts", key], kind: "package-script" });
  }
  for (const [name, entry] of Object.entries(spec.initModules ?? {})) {
    const { source, path } = initModuleSource(entry);
    planned.push({ imagePath: `${INIT_MODULES_DIR}/${name}`, source, path: ["initModules", name, ...path], kind: "init-module" });
  }
  for (const [name, source] of Object.entries(spec.systemdUnits ?? {})) planned.push({ imagePath: `${SYSTEMD_UNITS_DIR}/${name}`, source, path: ["systemdUnits", name], kind: "systemd-unit" });
  return planned;
}

/** The package's directory in the overlay, relative to the artifact. */
export function packageDirectory(spec: PackageSpec): string {
  return `overlay/${spec.category}/${spec.name}`;
}

/** Where a file to install is kept in the package's `files/` (FILESDIR): under its image path. */
export function filesDirPath(spec: PackageSpec, imagePath: string): string {
  return `${packageDirectory(spec)}/files${imagePath}`;
}
