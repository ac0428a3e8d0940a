import type { PlainValue } from "./json5/syntax.js";
import { isDictionary, type Trunk } from "./merge.js";
import { pyJoin, pyStr, PythonError } from "./python.js";

/** The seven files genpack always writes into the lower layer, in the order it writes them. */
export const PORTAGE_FILE_PATHS = [
  "etc/portage/sets/genpack-runtime",
  "etc/portage/sets/genpack-buildtime",
  "etc/portage/package.accept_keywords/genpack",
  "etc/portage/package.use/genpack",
  "etc/portage/package.license/genpack",
  "etc/portage/package.mask/genpack",
  "etc/portage/package.env",
] as const;

export type PortageFilePath = (typeof PORTAGE_FILE_PATHS)[number];

/** A set file or package.mask: one entry per line, no newline after the last (genpack's join). */
function lines(value: PlainValue | undefined, what: string): string {
  const entries = value ?? [];
  if (!Array.isArray(entries)) throw new PythonError("ValueError", `${what} must be a list`);
  return pyJoin(entries, "\n");
}

/** A package.* file: `atom`, `atom v1 v2`, or `atom str(v)`, each line ending in a newline. */
function perAtom(value: PlainValue | undefined, what: string): string {
  const entries = value ?? new Map<string, PlainValue>();
  if (!isDictionary(entries)) throw new PythonError("ValueError", `${what} must be a dictionary`);
  let text = "";
  for (const [atom, setting] of entries) {
    if (setting === null) text += `${atom}\n`;
    else if (Array.isArray(setting)) text += `${atom} ${pyJoin(setting, " ")}\n`;
    else text += `${atom} ${pyStr(setting)}\n`;
  }
  return text;
}

/**
 * The seven Portage files of the lower phase, byte for byte as genpack writes them from the
 * merged settings (genpack-builder notes §2.4).
 */
export function renderPortageFiles(merged: Trunk): Record<PortageFilePath, string> {
  return {
    "etc/portage/sets/genpack-runtime": lines(merged.get("packages"), "runtime_packages"),
    "etc/portage/sets/genpack-buildtime": lines(merged.get("buildtime_packages"), "buildtime_packages"),
    "etc/portage/package.accept_keywords/genpack": perAtom(merged.get("accept_keywords"), "accept_keywords"),
    "etc/portage/package.use/genpack": perAtom(merged.get("use"), "use"),
    "etc/portage/package.license/genpack": perAtom(merged.get("license"), "license"),
    "etc/portage/package.mask/genpack": lines(merged.get("mask"), "mask"),
    "etc/portage/package.env": perAtom(merged.get("env"), "env"),
  };
}
