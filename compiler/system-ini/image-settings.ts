import { genpackOverlaySettings } from "../../dsl/genpack-overlay-settings.js";
import type { SystemIniSetting, SystemIniValue, SystemIniValues } from "../../dsl/system-ini.js";
import { codes } from "../../errors/codes.js";
import { error, type Diagnostic, type Location, type ValuePath } from "../../errors/diagnostics.js";
import { quote } from "../../errors/quote.js";
import { closestName } from "../catalog-check/closest-name.js";
import type { LayerLocator } from "../layers.js";
import { itemsOf, scalarOf, type MergedBlock } from "../merge-layers.js";
import { locatePackagePath, type DeclaredPackage } from "../packages/collect-packages.js";
import { expectation, valueProblem } from "./declaration-check.js";
import { isWithSettings } from "./init-module.js";

/** The section keys above the first header land in: genpack-init puts `[_default]` in front of the file. */
export const DEFAULT_SECTION = "_default";

/** A declared setting with its section made explicit and who reads it filled in. */
export type ImageSetting = SystemIniSetting & { readonly section: string };

/** The image's settings and the values its blueprint gives them, once checked. */
export interface ImageSettings {
  /** Sorted by section (`_default` first), then key. */
  readonly settings: readonly ImageSetting[];
  /** The blueprint's `systemIni`, by section, as the strings the file will hold; undefined when it gives none. */
  readonly values?: { readonly [section: string]: { readonly [key: string]: string } };
  readonly diagnostics: readonly Diagnostic[];
}

/** A declaration and where it was made: nowhere for gp's own. */
interface Declared {
  readonly setting: ImageSetting;
  readonly location?: Location;
}

/** The order of sections and keys in the schema and in a written file. */
export function compareSettings(a: { readonly section: string; readonly key: string }, b: { readonly section: string; readonly key: string }): number {
  if (a.section !== b.section) {
    if (a.section === DEFAULT_SECTION) return -1;
    if (b.section === DEFAULT_SECTION) return 1;
    return a.section < b.section ? -1 : 1;
  }
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** A value as configparser will hand it to the module: booleans as `true`/`false`, numbers in decimal. */
export function renderValue(value: SystemIniValue): string {
  return typeof value === "string" ? value : String(value);
}

/** Every declaration of the image, nearest last: gp's genpack/base keys, the layers' in order, then the image's packages' init modules. */
function declarations(merged: MergedBlock, packages: readonly DeclaredPackage[], locator: LayerLocator): Declared[] {
  const declared: Declared[] = genpackOverlaySettings.base.map((setting) => ({ setting: { ...setting, section: setting.section ?? DEFAULT_SECTION } }));
  for (const item of itemsOf(merged, "systemIniSettings")) {
    (item.value as readonly SystemIniSetting[]).forEach((setting, index) => {
      declared.push({ setting: { ...setting, section: setting.section ?? DEFAULT_SECTION }, location: locator.locate(item.origin.layer, [...item.origin.path, index]) });
    });
  }
  for (const pkg of packages) {
    for (const [module, entry] of Object.entries(pkg.spec.initModules ?? {})) {
      if (!isWithSettings(entry)) continue;
      entry.settings.forEach((setting, index) => {
        declared.push({
          setting: { module, package: pkg.atom, ...setting, section: setting.section ?? DEFAULT_SECTION },
          location: locatePackagePath(pkg, ["initModules", module, "settings", index], locator),
        });
      });
    }
  }
  return declared;
}

function describeDeclaration(declared: Declared): string {
  const by = declared.setting.package ?? declared.setting.module;
  return `kind ${declared.setting.kind}${declared.setting.default === undefined ? "" : `, default ${renderValue(declared.setting.default)}`}${by === undefined ? "" : ` (${by})`}`;
}

/** `[section] key`, or `key` for the top of the file. */
export function settingName(section: string, key: string): string {
  return section === DEFAULT_SECTION ? `\`${key}\`` : `\`[${section}] ${key}\``;
}

/**
 * The settings an image reads from system.ini, merged from gp's own declarations of
 * genpack/base, the layers' `systemIniSettings` and the init modules of the image's packages,
 * and the image's `systemIni` checked against them. Two declarations of one key must agree on
 * kind and default; the nearer one (the image over its profiles, packages last) gives the rest.
 * Each declaration has been validated on its own already (validate-spec, validate-package).
 */
export function imageSettings(merged: MergedBlock, packages: readonly DeclaredPackage[], locator: LayerLocator): ImageSettings {
  const diagnostics: Diagnostic[] = [];
  const byName = new Map<string, Declared>();
  for (const declared of declarations(merged, packages, locator)) {
    const name = `${declared.setting.section}\n${declared.setting.key}`;
    const earlier = byName.get(name);
    if (earlier !== undefined && (earlier.setting.kind !== declared.setting.kind || earlier.setting.default !== declared.setting.default)) {
      diagnostics.push(
        error(codes.settingConflict, `${settingName(declared.setting.section, declared.setting.key)} is declared here as ${describeDeclaration(declared)}, and before as ${describeDeclaration(earlier)}.`, {
          ...(declared.location === undefined ? {} : { location: declared.location }),
          ...(earlier.location === undefined ? {} : { related: [{ message: "The earlier declaration", ...earlier.location }] }),
          hint: "One key has one kind and one default: keep one declaration, or make them agree.",
        }),
      );
      continue;
    }
    byName.set(name, declared);
  }
  const settings = [...byName.values()].map((declared) => declared.setting).sort(compareSettings);
  const given = scalarOf(merged, "systemIni");
  if (given === undefined) return { settings, diagnostics };
  const values = checkValues(given.value as SystemIniValues, settings, (path) => locator.locate(given.origin.layer, [...given.origin.path, ...path]), diagnostics);
  return { settings, values, diagnostics };
}

/** Checks the blueprint's values against the settings, and renders the ones that fit. */
function checkValues(
  given: SystemIniValues,
  settings: readonly ImageSetting[],
  locate: (path: ValuePath) => Location,
  diagnostics: Diagnostic[],
): { [section: string]: { [key: string]: string } } {
  const values: { [section: string]: { [key: string]: string } } = {};
  const sections = new Set(settings.map((setting) => setting.section));
  const byName = new Map(settings.map((setting) => [`${setting.section}\n${setting.key}`, setting]));
  const check = (section: string, key: string, value: SystemIniValue, path: ValuePath) => {
    const setting = byName.get(`${section}\n${key}`);
    if (setting === undefined) {
      const known = settings.filter((candidate) => candidate.section === section).map((candidate) => candidate.key);
      const close = closestName(key, known);
      diagnostics.push(
        error(codes.undeclaredSystemIniKey, `No module of the image reads ${settingName(section, key)}: no layer, init module or genpack/base declares it.`, {
          location: locate(path),
          path,
          hint: close === undefined ? "Declare the key with the init module that reads it, or in the layer's `systemIniSettings`." : `Did you mean \`${close}\`?`,
        }),
      );
      return;
    }
    const problem = valueProblem(setting, value);
    if (problem !== undefined) {
      diagnostics.push(error(codes.invalidSystemIniValue, `${settingName(section, key)}: ${problem}.`, { location: locate(path), path, hint: `${settingName(section, key)} is ${expectation(setting)}.` }));
      return;
    }
    (values[section] ??= {})[key] = renderValue(value);
  };
  for (const [name, element] of Object.entries(given)) {
    if (element === undefined) continue;
    if (typeof element !== "object") {
      check(DEFAULT_SECTION, name, element, [name]);
      continue;
    }
    if (!sections.has(name)) {
      const close = closestName(name, [...sections].filter((section) => section !== DEFAULT_SECTION));
      const keyed = settings.some((setting) => setting.section === DEFAULT_SECTION && setting.key === name);
      diagnostics.push(
        error(codes.undeclaredSystemIniKey, `No module of the image reads the section [${name}]: no layer, init module or genpack/base declares a key in it.`, {
          location: locate([name]),
          path: [name],
          hint: keyed ? `\`${name}\` is a key at the top of the file: give it a value, not an object.` : close === undefined ? "Declare its keys with the init module that reads them." : `Did you mean \`${close}\`?`,
        }),
      );
      continue;
    }
    for (const [key, value] of Object.entries(element)) if (value !== undefined) check(name, key, value, [name, key]);
  }
  return Object.fromEntries(Object.entries(values).sort(([a], [b]) => compareSettings({ section: a, key: "" }, { section: b, key: "" })).map(([section, keys]) => [section, Object.fromEntries(Object.entries(keys).sort(([a], [b]) => (a < b ? -1 : 1)))]));
}
