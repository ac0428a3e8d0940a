import type { PackageSpec } from "../../dsl/package.js";
import { codes } from "../../errors/codes.js";
import type { ValuePath } from "../../errors/diagnostics.js";
import { checkCategoryName, checkPackageName, checkSlotValue, checkVersion, splitVersion } from "../../portage/atom.js";
import { isUseFlagName, scanDependencies, scanLicense, type DependencyScan } from "../../portage/dependency.js";
import * as check from "../validate/checks.js";
import type { Check, IssueSink } from "../validate/issues.js";
import { checkNesting } from "../validate/nesting.js";
import { isPackageValue } from "./collect-packages.js";
import { PORTAGE_ARCHES } from "../../genpack/arch.js";
import { unitNameProblem } from "./package-paths.js";
import { shellSyntaxError } from "./shell-syntax.js";
import { excerpt, quote, quoteList } from "../../errors/quote.js";
import { settingDeclarations } from "../system-ini/declaration-check.js";
import { isWithSettings } from "../system-ini/init-module.js";

/** What validation needs to know beyond the package itself. */
export interface PackageContext {
  /** `category/name` of every package the image declares, to spot dependencies that pin `-r0`. */
  readonly declaredAtoms: ReadonlySet<string>;
}

const KEYWORD = new RegExp(`^(?:~?(?:${PORTAGE_ARCHES.join("|")})|-\\*)$`);
const HOMEPAGE = /^(?:https?|ftp):\/\/[^\s"'`$\\]+$/;
const SOURCE_URL = /^(?:https?|ftp|mirror):\/\/[^\s"'`$\\]+$/;
const DIGEST = /^[0-9a-fA-F]{128}$/;

/** Flags a USE conditional may name without the package declaring them: the profile's implicit ones. */
function isImplicitFlag(flag: string): boolean {
  return (PORTAGE_ARCHES as readonly string[]).includes(flag) || /^(?:elibc|kernel)_[A-Za-z0-9_]+$/.test(flag);
}

/** The flags a package declares in IUSE, without `+`/`-` defaults. */
export function declaredFlags(iuse: PackageSpec["iuse"]): string[] {
  if (iuse === undefined) return [];
  if (Array.isArray(iuse)) return (iuse as readonly unknown[]).filter((flag): flag is string => typeof flag === "string").map((flag) => flag.replace(/^[+-]/, ""));
  return Object.keys(iuse);
}

/** Whether a package installs anything, and so needs a license. */
export function installsFiles(spec: PackageSpec): boolean {
  const nonEmpty = (value: unknown) => value !== undefined && value !== null && (typeof value !== "object" || Object.keys(value).length > 0);
  return [spec.files, spec.packageScripts, spec.initModules, spec.systemdUnits, spec.sources].some(nonEmpty) || (typeof spec.install === "string" && spec.install.trim() !== "");
}

const singleLine = (what: string): Check => (value, path, sink) => {
  if (typeof value !== "string") return check.wrongType(sink, path, what, value);
  if (value.trim() === "") return sink.error(codes.emptyValue, path, "The value is empty.");
  if (/[\u0000-\u001f\u007f]/.test(value)) sink.error(codes.invalidPackageText, path, `The ${what} must be one line without control characters.`);
};

const homepageUrl: Check = (value, path, sink) => {
  if (typeof value !== "string") return check.wrongType(sink, path, "a URL", value);
  if (!HOMEPAGE.test(value)) sink.error(codes.invalidPackageText, path, `${quote(value)} is not an http, https or ftp URL.`);
};

function reportScan(scan: DependencyScan, path: ValuePath, sink: IssueSink, entry: typeof codes.invalidDependency | typeof codes.invalidLicense): void {
  for (const problem of scan.problems) sink.error(entry, path, `${capitalize(problem.message)}.`, { token: problem.token });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function checkDependencyString(text: string, path: ValuePath, sink: IssueSink, flags: ReadonlySet<string>, context: PackageContext): void {
  if (text.trim() === "") return sink.error(codes.emptyValue, path, "The dependency is empty.");
  const scan = scanDependencies(text);
  reportScan(scan, path, sink, codes.invalidDependency);
  for (const flag of scan.conditionalFlags) {
    if (!flags.has(flag) && !isImplicitFlag(flag)) {
      sink.error(codes.undeclaredUseFlag, path, `The condition "${flag}?" names a USE flag the package does not declare.`, {
        token: `${flag}?`,
        hint: `Add ${quote(flag)} to \`iuse\`.`,
      });
    }
  }
  for (const atom of scan.atoms) {
    // `=cat/pn-1.0` matches revision 0 only, and gp gives its packages other revisions.
    if (!atom.startsWith("=") || atom.includes("*")) continue;
    const target = atom.slice(1).replace(/[:[].*$/, "");
    const slash = target.indexOf("/");
    const nameAndVersion = splitVersion(target.slice(slash + 1));
    if (nameAndVersion === undefined || /-r\d+$/.test(nameAndVersion.version)) continue;
    const declared = `${target.slice(0, slash)}/${nameAndVersion.name}`;
    if (context.declaredAtoms.has(declared)) {
      sink.warning(codes.pinnedRevision, path, `${quote(atom)} matches revision 0 only, but gp gives ${excerpt(declared)} a revision of its own, so nothing matches.`, {
        token: atom,
        hint: `Write "~${atom.slice(1)}" to match any revision of that version.`,
      });
    }
  }
}

function dependencies(flags: ReadonlySet<string>, context: PackageContext): Check {
  const one: Check = (value, path, sink) => {
    if (isPackageValue(value)) return;
    if (typeof value !== "string") return check.wrongType(sink, path, "a dependency string or a package made with definePackage()", value);
    checkDependencyString(value, path, sink, flags, context);
  };
  return (value, path, sink) => {
    if (Array.isArray(value)) return value.forEach((element: unknown, index) => one(element, [...path, index], sink));
    one(value, path, sink);
  };
}

const iuseCheck: Check = (value, path, sink) => {
  const seen = new Set<string>();
  const flag = (name: string, at: ValuePath, target: "value" | "key") => {
    if (!isUseFlagName(name)) sink.error(codes.invalidUseFlag, at, `${quote(name)} is not a valid USE flag name.`, { target });
    else if (seen.has(name)) sink.error(codes.invalidUseFlag, at, `The flag ${quote(name)} is declared twice.`, { target });
    seen.add(name);
  };
  if (Array.isArray(value)) {
    value.forEach((element: unknown, index) => {
      if (typeof element !== "string") return check.wrongType(sink, [...path, index], "a USE flag", element);
      flag(element.replace(/^[+-]/, ""), [...path, index], "value");
    });
    return;
  }
  if (!check.isRecord(value)) return check.wrongType(sink, path, "a list of USE flags or an object of flag descriptions", value);
  for (const [name, declaration] of Object.entries(value)) {
    flag(name, [...path, name], "key");
    if (typeof declaration === "string") {
      singleLine("description")(declaration, [...path, name], sink);
      continue;
    }
    check.strictObject("a USE flag declaration", { description: singleLine("description"), default: check.boolean }, ["description"])(declaration, [...path, name], sink);
  }
};

const keywords: Check = (value, path, sink) => {
  if (!Array.isArray(value)) return check.wrongType(sink, path, "a list of keywords", value);
  value.forEach((keyword: unknown, index) => {
    if (typeof keyword !== "string") return check.wrongType(sink, [...path, index], "a keyword", keyword);
    if (!KEYWORD.test(keyword)) {
      sink.error(codes.invalidKeyword, [...path, index], `${quote(keyword)} is not a keyword of an arch genpack builds; use ${quoteList(PORTAGE_ARCHES)}, "~arch" or "-*".`);
    }
  });
};

const nameCheck = (entry: (typeof codes)[keyof typeof codes], problemOf: (value: string) => string | undefined): Check => (value, path, sink) => {
  if (typeof value !== "string") return check.wrongType(sink, path, "a string", value);
  const problem = problemOf(value);
  if (problem !== undefined) sink.error(entry, path, `${capitalize(problem)}.`);
};

const licenseCheck: Check = (value, path, sink) => {
  if (typeof value !== "string") return check.wrongType(sink, path, "a license or license expression", value);
  if (value.trim() === "") return sink.error(codes.emptyValue, path, "The license is empty.");
  reportScan(scanLicense(value), path, sink, codes.invalidLicense);
};

const imageFileKey = (name: string, path: ValuePath, sink: IssueSink): void => {
  if (name === "/") {
    sink.error(codes.invalidImagePath, path, 'A package cannot install a tree at "/"; name the directory it goes into.', { target: "key" });
    return;
  }
  check.imagePathKey(name, path, sink);
};

const packageScriptKey = check.keyCheck(codes.invalidFileName, (name) => {
  const parts = name.split("/");
  const script = parts.at(-1) ?? "";
  if (parts.length !== 1 && parts.length !== 3) return `${quote(name)} is neither a script name nor \`category/package/script\``;
  if (parts.length === 3) {
    const problem = checkCategoryName(parts[0] ?? "") ?? checkPackageName(parts[1] ?? "");
    if (problem !== undefined) return problem;
  }
  return check.fileNameProblem(script);
});

const initModuleKey = check.keyCheck(codes.invalidFileName, (name) => {
  const problem = check.fileNameProblem(name);
  if (problem !== undefined) return problem;
  return name.endsWith(".py") ? undefined : `${quote(name)} does not end in ".py"; genpack-init loads only *.py modules`;
});

const systemdUnitKey = check.keyCheck(codes.invalidServiceName, unitNameProblem);

const sourceArchive: Check = check.strictObject(
  "a source archive",
  {
    url: (value, path, sink) => {
      if (typeof value !== "string") return check.wrongType(sink, path, "a URL", value);
      if (!SOURCE_URL.test(value)) sink.error(codes.invalidSource, path, `${quote(value)} is not an http, https, ftp or mirror URL.`);
    },
    name: (value, path, sink) => {
      if (typeof value !== "string") return check.wrongType(sink, path, "a file name", value);
      const problem = check.fileNameProblem(value) ?? (/[\s"'`$\\]/.test(value) ? `${quote(value)} contains a space or quote` : undefined);
      if (problem !== undefined) sink.error(codes.invalidSource, path, `${capitalize(problem)}.`);
    },
    size: (value, path, sink) => {
      if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) check.wrongType(sink, path, "a size in bytes", value);
    },
    blake2b: (value, path, sink) => {
      if (typeof value !== "string" || !DIGEST.test(value)) sink.error(codes.invalidSource, path, "Expected a BLAKE2b-512 digest: 128 hexadecimal digits, as `b2sum` prints.");
    },
    sha512: (value, path, sink) => {
      if (typeof value !== "string" || !DIGEST.test(value)) sink.error(codes.invalidSource, path, "Expected a SHA-512 digest: 128 hexadecimal digits, as `sha512sum` prints.");
    },
  },
  ["url", "size", "blake2b", "sha512"],
);

/** The file name a source is saved under. */
export function sourceName(source: { readonly url: string; readonly name?: string }): string {
  return source.name ?? source.url.replace(/[?#].*$/, "").split("/").at(-1) ?? "";
}

const sources: Check = (value, path, sink) => {
  check.list(sourceArchive)(value, path, sink);
  if (!Array.isArray(value)) return;
  const names = new Map<string, number>();
  value.forEach((element: unknown, index) => {
    if (!check.isRecord(element) || typeof element["url"] !== "string") return;
    const name = sourceName(element as { url: string; name?: string });
    if (name === "" || check.fileNameProblem(name) !== undefined) {
      sink.error(codes.invalidSource, [...path, index, "url"], "The URL ends in no file name; give the file a `name`.");
      return;
    }
    const earlier = names.get(name);
    if (earlier !== undefined) sink.error(codes.invalidSource, [...path, index], `Sources ${earlier} and ${index} are both saved as ${quote(name)}.`, { hint: "Give one of them another `name`." });
    names.set(name, index);
  });
};

/**
 * `install`: shell that gp runs in src_install. gp renders it so that nothing in it can end the
 * function (see renderEbuild); bash reads it here, so that a syntax error is reported at its
 * line in the blueprint instead of half way through a build.
 */
const installCommands: Check = (value, path, sink) => {
  if (typeof value !== "string") return check.wrongType(sink, path, "shell commands", value);
  if (value.includes("\0")) return sink.error(codes.invalidInstall, path, "The install commands hold a NUL character, which bash cannot read.");
  const problem = shellSyntaxError(value);
  if (problem === undefined || problem === "unchecked") return;
  const line = value.split("\n")[problem.line - 1]?.trim() ?? "";
  sink.error(codes.invalidInstall, path, `bash cannot read line ${problem.line} of the install commands: ${problem.message}.`, {
    hint: "The commands run inside src_install as written; they must be complete shell on their own, every brace and quote closed.",
    ...(line === "" ? {} : { token: line }),
  });
};

/** An init module: its source, or its source with the system.ini settings it reads. */
const initModuleEntry: Check = (value, path, sink) => {
  if (!isWithSettings(value)) return check.fileSourceCheck(value, path, sink);
  check.strictObject("an init module with its settings", { source: check.fileSourceCheck, settings: settingDeclarations }, ["source", "settings"])(value, path, sink);
};

/**
 * Checks a package's spec, reporting every problem with its path inside the spec. The dependency
 * strings are parsed as PMS reads them; USE conditionals must name declared flags.
 */
export function validatePackage(spec: PackageSpec, sink: IssueSink, context: PackageContext): void {
  if (!checkNesting(spec, sink)) return;
  const value = spec as unknown as Record<string, unknown>;
  const flags = new Set(declaredFlags(spec.iuse));
  const fields: Readonly<Record<string, Check>> = {
    category: nameCheck(codes.invalidCategory, checkCategoryName),
    name: nameCheck(codes.invalidPackageName, checkPackageName),
    version: nameCheck(codes.invalidVersion, checkVersion),
    description: singleLine("description"),
    homepage: (element, path, issues) => (Array.isArray(element) ? check.list(homepageUrl, { nonEmpty: true })(element, path, issues) : homepageUrl(element, path, issues)),
    license: licenseCheck,
    slot: nameCheck(codes.invalidSlot, checkSlotValue),
    keywords,
    iuse: iuseCheck,
    depend: dependencies(flags, context),
    rdepend: dependencies(flags, context),
    pdepend: dependencies(flags, context),
    bdepend: dependencies(flags, context),
    files: check.record(imageFileKey, check.treeSourceCheck),
    packageScripts: check.record(packageScriptKey, check.fileSourceCheck),
    initModules: check.record(initModuleKey, initModuleEntry),
    systemdUnits: check.record(systemdUnitKey, check.fileSourceCheck),
    sources,
    install: installCommands,
  };
  check.strictObject("a package", fields, ["category", "name", "version", "description"])(value, [], sink);
  if (value["license"] === undefined && installsFiles(spec)) {
    sink.error(codes.missingLicense, [], "The package installs files, so it needs a `license`; Portage and pkgcheck refuse a package without one.", {
      hint: 'Name the license of what it installs, such as `license: "MIT"`, or `"all-rights-reserved"` for files of your own (then accept it in the image\'s `license`).',
    });
  }
}
