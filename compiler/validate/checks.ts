import { brandOf, PACKAGE_BRAND } from "../../dsl/brand.js";
import { ARCHES, COMPRESSIONS, PORTAGE_PROFILES } from "../../dsl/index.js";
import { codes, type CodeEntry } from "../../errors/codes.js";
import type { ValuePath } from "../../errors/diagnostics.js";
import { checkAtom, checkPackageDirectory } from "../../portage/atom.js";
import { quote, quoteList, quoteName } from "../../errors/quote.js";
import { checkUseString, isKeyword, isLicenseToken, isUseExpandName, isUseFlag } from "../../portage/use-flags.js";
import type { Check, IssueSink } from "./issues.js";

/** How a value reads in a message: "a number", "an array", "null". */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  // genpack.json5 readers box whole numbers written as floats, which Python keeps apart from ints.
  if (value instanceof Number) return "a number written as a float";
  switch (typeof value) {
    case "string":
      return "a string";
    case "number":
      return Number.isInteger(value) ? "a number" : "a non-integer number";
    case "boolean":
      return "a boolean";
    case "undefined":
      return "undefined";
    case "function":
      return "a function";
    case "bigint":
      return "a bigint";
    case "symbol":
      return "a symbol";
    default:
      return "an object";
  }
}

/** A plain object literal (or a frozen DSL value), not an array, class instance or null. */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

export function wrongType(sink: IssueSink, path: ValuePath, expected: string, value: unknown): void {
  sink.error(codes.wrongType, path, `Expected ${expected}, got ${describe(value)}.`);
}

export function string(options: { readonly nonEmpty?: boolean } = {}): Check {
  return (value, path, sink) => {
    if (typeof value !== "string") return wrongType(sink, path, "a string", value);
    if (options.nonEmpty === true && value.trim() === "") sink.error(codes.emptyValue, path, "The value is empty.");
  };
}

export const boolean: Check = (value, path, sink) => {
  if (typeof value !== "boolean") wrongType(sink, path, "true or false", value);
};

export function list(item: Check, options: { readonly nonEmpty?: boolean } = {}): Check {
  return (value, path, sink) => {
    if (!Array.isArray(value)) return wrongType(sink, path, "a list", value);
    if (options.nonEmpty === true && value.length === 0) sink.error(codes.emptyValue, path, "The list is empty.");
    value.forEach((element, index) => item(element, [...path, index], sink));
  };
}

/** An object whose keys are checked by `key` (reported at the key) and values by `entry`. */
export function record(key: (name: string, path: ValuePath, sink: IssueSink) => void, entry: Check): Check {
  return (value, path, sink) => {
    if (!isRecord(value)) return wrongType(sink, path, "an object", value);
    for (const [name, element] of Object.entries(value)) {
      key(name, [...path, name], sink);
      entry(element, [...path, name], sink);
    }
  };
}

/** Keys that are never data: writing them into a record could reach the prototype chain. */
const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Checks a record key with a predicate that returns the problem, if any. */
export function keyCheck(entry: CodeEntry, problemOf: (name: string) => string | undefined): (name: string, path: ValuePath, sink: IssueSink) => void {
  return (name, path, sink) => {
    const problem = UNSAFE_KEYS.has(name) ? `${quote(name)} cannot be used as a key` : problemOf(name);
    if (problem !== undefined) sink.error(entry, path, problem, { target: "key" });
  };
}

/** An object with a fixed set of keys, some required; unknown keys are errors. */
export function strictObject(
  what: string,
  fields: Readonly<Record<string, Check>>,
  required: readonly string[] = [],
): Check {
  return (value, path, sink) => {
    if (!isRecord(value)) return wrongType(sink, path, what, value);
    for (const name of required) {
      if (value[name] === undefined) sink.error(codes.wrongType, path, `${capitalize(what)} needs \`${name}\`.`);
    }
    for (const [name, element] of Object.entries(value)) {
      const check = fields[name];
      if (check === undefined) {
        sink.error(codes.unknownKey, [...path, name], `Unknown key ${quoteName(name)} in ${what}.`, {
          target: "key",
          hint: suggestion(name, Object.keys(fields)),
        });
        continue;
      }
      if (element !== undefined) check(element, [...path, name], sink);
    }
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Did you mean ...?" for a misspelled key, when one known key is close enough. */
export function suggestion(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase().replace(/[-_]/g, "");
  const limit = Math.max(2, Math.floor(name.length / 3));
  for (const candidate of known) {
    // The distance is at least the difference in length: a 1 MB key needs no comparison.
    if (Math.abs(lower.length - candidate.length) > limit) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined || bestDistance > limit) return undefined;
  return `Did you mean \`${best}\`?`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** One of a closed set of strings. */
export function oneOf(entry: CodeEntry, what: string, allowed: readonly string[]): Check {
  return (value, path, sink) => {
    if (typeof value !== "string") return wrongType(sink, path, what, value);
    if (!allowed.includes(value)) {
      sink.error(entry, path, `${quote(value)} is not ${what}; expected one of ${quoteList(allowed)}.`, {
        hint: suggestion(value, allowed),
      });
    }
  };
}

export const portageProfile = oneOf(codes.unknownPortageProfile, "a Portage profile of genpack-overlay", PORTAGE_PROFILES);
export const compression = oneOf(codes.unknownCompression, "a compression genpack offers", COMPRESSIONS);

export function atom(options: { readonly wildcards?: boolean } = {}): Check {
  return (value, path, sink) => {
    if (typeof value !== "string") return wrongType(sink, path, "a package atom", value);
    const problem = checkAtom(value, options);
    if (problem !== undefined) sink.error(codes.invalidAtom, path, `${quote(value)} is not a valid package atom: ${problem}.`);
  };
}

export const atomPatternKey = keyCheck(codes.invalidAtom, (name) => {
  const problem = checkAtom(name, { wildcards: true });
  return problem === undefined ? undefined : `${quote(name)} is not a valid package atom: ${problem}.`;
});

/** A package made with definePackage(), which is checked on its own, where it is defined. */
export function isPackage(value: unknown): boolean {
  return brandOf(value, PACKAGE_BRAND) !== undefined;
}

/** An atom, or a package made with definePackage(). */
export const atomOrPackage: Check = (value, path, sink) => {
  if (!isPackage(value)) atom()(value, path, sink);
};

/**
 * A `packages` entry that starts with `#`: genpack writes it into the set file as it is, where
 * Portage reads it as a comment. What follows the `#` must still be an atom, commented out;
 * anything else is a mistake, and one that a blueprint's types (`category/name`) refuse too.
 */
export function commentedPackage(value: string, path: ValuePath, sink: IssueSink, commentSyntax: "TypeScript" | "JSON5"): void {
  const problem = checkAtom(value.slice(1).trimStart());
  if (problem !== undefined) {
    sink.error(codes.invalidAtom, path, `"${value}" is neither a package atom nor one commented out: ${problem}.`, { hint: `Write a ${commentSyntax} comment instead.` });
    return;
  }
  sink.warning(codes.commentedPackage, path, `"${value}" goes into the set file as written, where Portage reads it as a comment.`, {
    hint: `Write a ${commentSyntax} comment instead, unless the line must stay in the set file.`,
  });
}

/** An entry of `packages`: an atom, a `remove(atom)` value, or a package made with definePackage(). */
export const packageEntry: Check = (value, path, sink) => {
  if (isPackage(value)) return;
  if (typeof value === "string" && value.startsWith("#")) return commentedPackage(value, path, sink, "TypeScript");
  if (typeof value === "string") {
    if (value.startsWith("-")) {
      sink.error(codes.removalString, path, `${quote(value)} is genpack's string form of a removal.`, {
        hint: `Write remove(${quote(value.slice(1))}) instead, imported from genpack-ts.`,
      });
      return;
    }
    return atom()(value, path, sink);
  }
  if (isRecord(value)) return strictObject("a removal", { remove: atom() }, ["remove"])(value, path, sink);
  wrongType(sink, path, "a package atom or remove(atom)", value);
};

/**
 * genpack writes each entry as one line of a package.* file; a line break inside a value would
 * start a new line that Portage reads as an atom of its own.
 */
function singleLine(value: string, path: ValuePath, sink: IssueSink, entry: CodeEntry): boolean {
  if (!/[\r\n]/.test(value)) return true;
  sink.error(entry, path, "The value holds a line break; genpack writes it as one line of a Portage file, where a line break would start a new entry.", {
    hint: "Separate the values with spaces, or give them as a list.",
  });
  return false;
}

/** USE flags as one string, in Portage's own syntax. */
function useString(value: string, path: ValuePath, sink: IssueSink): void {
  if (!singleLine(value, path, sink, codes.invalidUseFlag)) return;
  const { problems, plusFlags } = checkUseString(value);
  for (const { token, problem } of problems) {
    sink.error(codes.invalidUseFlag, path, `${quote(token)} is ${problem}.`, { token });
  }
  const [firstPlus] = plusFlags;
  if (firstPlus !== undefined) {
    const listed = quoteList(plusFlags);
    sink.warning(codes.useFlagPlus, path, `Portage reads ${listed} but complains each time that USE flags should not start with '+'.`, {
      hint: `Write ${quoteList(plusFlags.map((flag) => flag.slice(1)))}: a flag without '-' is already turned on.`,
      token: firstPlus,
    });
  }
}

function useFlag(value: unknown, path: ValuePath, sink: IssueSink): void {
  if (typeof value !== "string") return wrongType(sink, path, "a USE flag", value);
  if (/\s/.test(value.trim()) || value.trim() === "") {
    sink.error(codes.invalidUseFlag, path, `${quote(value)} is not one USE flag; give each flag its own list element.`);
    return;
  }
  useString(value, path, sink);
}

const useExpandGroups: Check = (value, path, sink) => {
  if (!isRecord(value)) return wrongType(sink, path, "USE_EXPAND groups", value);
  for (const [name, values] of Object.entries(value)) {
    if (!isUseExpandName(name)) {
      sink.error(codes.invalidUseFlag, [...path, name], `${quote(name)} is not a USE_EXPAND variable name; those are upper case, such as VIDEO_CARDS.`, {
        target: "key",
      });
      continue;
    }
    if (!Array.isArray(values)) {
      wrongType(sink, [...path, name], `a list of ${name} values`, values);
      continue;
    }
    values.forEach((flag: unknown, index) => {
      const flagPath = [...path, name, index];
      if (typeof flag !== "string") return wrongType(sink, flagPath, `a ${name} value`, flag);
      const body = flag.startsWith("-") ? flag.slice(1) : flag;
      if (!isUseFlag(body)) sink.error(codes.invalidUseFlag, flagPath, `${quote(flag)} is not a valid ${name} value.`);
    });
  }
};

/** A USE setting: a string, a list of flags and groups, groups alone, or null. */
export const useSetting: Check = (value, path, sink) => {
  if (value === null) return;
  if (typeof value === "string") return useString(value, path, sink);
  if (Array.isArray(value)) {
    value.forEach((element: unknown, index) => {
      if (isRecord(element)) useExpandGroups(element, [...path, index], sink);
      else useFlag(element, [...path, index], sink);
    });
    return;
  }
  if (isRecord(value)) return useExpandGroups(value, path, sink);
  wrongType(sink, path, "USE flags (a string, a list or USE_EXPAND groups) or null", value);
};

/** A value of package.accept_keywords or package.license: a string of tokens, a list, or null. */
function tokens(entry: CodeEntry, what: string, valid: (token: string) => boolean): Check {
  const checkOne = (token: string, path: ValuePath, sink: IssueSink) => {
    if (!valid(token)) sink.error(entry, path, `${quote(token)} is not a valid ${what}.`);
  };
  return (value, path, sink) => {
    if (value === null) return;
    if (typeof value === "string") {
      if (!singleLine(value, path, sink, entry)) return;
      for (const token of value.split(/\s+/).filter((part) => part !== "")) checkOne(token, path, sink);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((element: unknown, index) => {
        if (typeof element !== "string") return wrongType(sink, [...path, index], `a ${what}`, element);
        checkOne(element, [...path, index], sink);
      });
      return;
    }
    wrongType(sink, path, `a ${what}, a list of them, or null`, value);
  };
}

export const keywordSetting = tokens(codes.invalidKeyword, "keyword", isKeyword);
export const licenseSetting = tokens(codes.invalidLicense, "license", isLicenseToken);

/** The longest name of one file or folder that Linux file systems take, in bytes. */
export const MAX_COMPONENT_BYTES = 255;

/** A name of one file or folder that no file system takes: longer than {@link MAX_COMPONENT_BYTES}. */
export function longComponentProblem(path: string): string | undefined {
  for (const part of path.split("/")) {
    const bytes = Buffer.byteLength(part, "utf8");
    if (bytes > MAX_COMPONENT_BYTES) return `"${part.slice(0, 40)}…" is ${bytes} bytes long; file systems take names of at most ${MAX_COMPONENT_BYTES} bytes`;
  }
  return undefined;
}

/** C0 control characters (NUL and line breaks among them) and DEL. */
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A plain file name: no slash, not `.` or `..`, no control characters, at most 255 bytes. */
export function fileNameProblem(name: string): string | undefined {
  if (name === "" || name === "." || name === "..") return `${quote(name)} is not a file name`;
  if (name.includes("/")) return `${quote(name)} contains a slash; give a plain file name`;
  if (CONTROL.test(name)) return `${quote(name)} contains a control character`;
  return longComponentProblem(name);
}

const envFileName: Check = (value, path, sink) => {
  if (typeof value !== "string") return wrongType(sink, path, "an environment file name", value);
  const problem = fileNameProblem(value);
  if (problem !== undefined) sink.error(codes.invalidFileName, path, `${problem}.`);
};

/** A value of `env`: one environment file name or a list of them. */
export const envSetting: Check = (value, path, sink) => {
  if (Array.isArray(value)) return list(envFileName)(value, path, sink);
  envFileName(value, path, sink);
};

/** `binpkgExcludes`: one atom or a list of them. */
export const atomOrAtoms: Check = (value, path, sink) => {
  if (Array.isArray(value)) return list(atom())(value, path, sink);
  atom()(value, path, sink);
};

const UNIT_NAME = /^[A-Za-z0-9:_.\\@-]+$/;

export const serviceName: Check = (value, path, sink) => {
  if (typeof value !== "string") return wrongType(sink, path, "a systemd unit name", value);
  if (!UNIT_NAME.test(value)) {
    sink.error(codes.invalidServiceName, path, `${quote(value)} is not a systemd unit name; unit names use letters, digits and ":_.\\@-" only.`);
  }
};

/** The name rule of shadow's useradd and groupadd (their default NAME_REGEX), at most 32 characters. */
const ACCOUNT_NAME = /^[a-z_][a-z0-9_-]*\$?$/;

export function accountNameProblem(name: string): string | undefined {
  if (!ACCOUNT_NAME.test(name)) {
    return `${quote(name)} is not a valid account name; useradd accepts lower-case letters, digits, '_' and '-', starting with a letter or '_'`;
  }
  if (name.length > 32) return `${quote(name)} is longer than 32 characters`;
  return undefined;
}

export const accountName: Check = (value, path, sink) => {
  if (typeof value !== "string") return wrongType(sink, path, "a name", value);
  const problem = accountNameProblem(value);
  if (problem !== undefined) sink.error(codes.invalidAccountName, path, `${problem}.`);
};

/** The highest user or group id: (uid_t)-1 means "no id" to the kernel and to useradd. */
export const MAX_ACCOUNT_ID = 4294967294;

/** A uid or gid as useradd and groupadd take it. */
export function accountIdProblem(id: number): string | undefined {
  return id < 0 || id > MAX_ACCOUNT_ID ? `${id} is outside the id range 0 to ${MAX_ACCOUNT_ID}` : undefined;
}

export const accountId: Check = (value, path, sink) => {
  if (typeof value !== "number" || !Number.isInteger(value)) return wrongType(sink, path, "a whole number", value);
  const problem = accountIdProblem(value);
  if (problem !== undefined) sink.error(codes.invalidId, path, `${problem}.`);
};

/**
 * A field of an /etc/passwd line: ':' separates the fields, a line break ends the entry (so
 * the rest would be an entry of its own, a user nobody asked for), and NUL ends the string
 * useradd reads.
 */
function passwdFieldProblem(value: string, what: string): string | undefined {
  if (/[:\r\n\u0000]/.test(value)) return `${what} may not contain ':', a line break or NUL; /etc/passwd uses them as separators`;
  return undefined;
}

/** `home` and `shell`: absolute paths that fit in an /etc/passwd line. */
export function passwdPathProblem(value: string, what: string): string | undefined {
  return passwdFieldProblem(value, what) ?? (value.startsWith("/") ? longComponentProblem(value) : `"${value}" is not an absolute path`);
}

function passwdPath(what: string): Check {
  return (value, path, sink) => {
    if (typeof value !== "string") return wrongType(sink, path, "an absolute path", value);
    const problem = passwdPathProblem(value, what);
    if (problem !== undefined) sink.error(codes.invalidImagePath, path, `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`);
  };
}

export const gecos: Check = (value, path, sink) => {
  if (typeof value !== "string") return wrongType(sink, path, "a string", value);
  const problem = passwdFieldProblem(value, "A comment");
  if (problem !== undefined) sink.error(codes.wrongType, path, `${problem}.`);
};

const groupReference: Check = (value, path, sink) => {
  if (typeof value !== "string") return wrongType(sink, path, "a group name", value);
  if (/^\d+$/.test(value)) return;
  accountName(value, path, sink);
};

const additionalGroups: Check = (value, path, sink) => {
  if (typeof value === "string") {
    value.split(",").forEach((name) => groupReference(name, path, sink));
    return;
  }
  if (Array.isArray(value)) return list(groupReference)(value, path, sink);
  wrongType(sink, path, "a group name or a list of them", value);
};

/** The checks of a user's fields, by the DSL's names; genpack.json5's users are checked by them too. */
export const userFields: Readonly<Record<string, Check>> = {
  name: accountName,
  uid: accountId,
  comment: gecos,
  home: passwdPath("A home directory"),
  shell: passwdPath("A shell"),
  initialGroup: groupReference,
  additionalGroups,
  createHome: boolean,
  emptyPassword: boolean,
};

/** The checks of a group's fields; genpack.json5's groups are checked by them too. */
export const groupFields: Readonly<Record<string, Check>> = { name: accountName, gid: accountId };

const userObject = strictObject("a user", userFields, ["name"]);

export const user: Check = (value, path, sink) => {
  if (typeof value === "string") return accountName(value, path, sink);
  userObject(value, path, sink);
};

const groupObject = strictObject("a group", groupFields, ["name"]);

export const group: Check = (value, path, sink) => {
  if (typeof value === "string") return accountName(value, path, sink);
  groupObject(value, path, sink);
};

/** An arch block key: arches joined by `|`, each known, none twice. */
export const archKey = keyCheck(codes.invalidArchKey, (name) => {
  const parts = name.split("|");
  for (const part of parts) {
    if (!(ARCHES as readonly string[]).includes(part)) {
      const which = parts.length === 1 ? quote(name) : `${quote(part)} in ${quote(name)}`;
      return `${which} is not an arch genpack builds for; expected ${ARCHES.join(", ")}, or several joined by "|"`;
    }
  }
  if (new Set(parts).size !== parts.length) return `${quote(name)} names an arch twice`;
  return undefined;
});

/** `arches`: a list of known arches, none twice, not empty. */
export const archList: Check = (value, path, sink) => {
  if (!Array.isArray(value)) return wrongType(sink, path, "a list of arches", value);
  if (value.length === 0) sink.error(codes.emptyValue, path, "The list of arches is empty; the image would exist for no arch.");
  const listed = new Set<string>();
  value.forEach((arch: unknown, index) => {
    if (typeof arch !== "string" || !(ARCHES as readonly string[]).includes(arch)) {
      const message = typeof arch === "string" ? `${quote(arch)} is not an arch genpack builds for; expected ${ARCHES.join(", ")}.` : `Expected an arch genpack builds for (${ARCHES.join(", ")}), got ${describe(arch)}.`;
      sink.error(codes.invalidArchKey, [...path, index], message);
    } else if (listed.has(arch)) {
      sink.error(codes.invalidArchKey, [...path, index], `${quote(arch)} is listed twice.`);
    } else {
      listed.add(arch);
    }
  });
};

/**
 * The longest image or variant name, in bytes: both become part of one file name,
 * `<name>-<variant>-<arch>.squashfs` (and `lower-<variant>`), which has to stay one path
 * component of at most 255 bytes.
 */
export const MAX_NAME_BYTES = 200;

/**
 * An image or variant name, which becomes part of file names in the output folder: letters,
 * digits and "_.+-", starting with a letter or digit, so never a slash, `..` or a control
 * character, and at most {@link MAX_NAME_BYTES} bytes.
 */
export function nameProblem(name: string, what: "image" | "variant"): string | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.+-]*$/.test(name)) {
    return `${quote(name)} is not a valid ${what} name; it becomes part of file names, so use letters, digits and "_.+-", starting with a letter or digit`;
  }
  const bytes = Buffer.byteLength(name, "utf8");
  if (bytes > MAX_NAME_BYTES) return `The ${what} name is ${bytes} bytes long; it becomes part of file names, so it may have at most ${MAX_NAME_BYTES}`;
  return undefined;
}

/**
 * The image file genpack names after the image, and the variant, where no `outfile` is set:
 * `<stem>-<arch>.squashfs`, with `<stem>` the image name or `<name>-<variant>` (a variant's own
 * name in its place), which has to stay one file name for every arch.
 */
export function imageFileNameProblem(stem: string): string | undefined {
  const bytes = Buffer.byteLength(stem, "utf8") + 1 + Math.max(...ARCHES.map((arch) => arch.length)) + ".squashfs".length;
  if (bytes <= MAX_COMPONENT_BYTES) return undefined;
  return `the image file ${quote(`${stem}-<arch>.squashfs`)} would be ${bytes} bytes long, and file systems take names of at most ${MAX_COMPONENT_BYTES} bytes`;
}

/** Variant names become parts of file names (`lower-<v>`, `<name>-<v>-<arch>.squashfs`). */
export const variantName = keyCheck(codes.invalidVariantName, (name) => nameProblem(name, "variant"));

export const imageName: Check = (value, path, sink) => {
  if (typeof value !== "string") return wrongType(sink, path, "a string", value);
  const problem = nameProblem(value, "image");
  if (problem !== undefined) sink.error(codes.invalidImageName, path, `${problem}.`);
};

/**
 * `outfile`: a path relative to the artifact directory, as genpack writes it there, which never
 * leaves it: no `..`, no empty part, no control character, each part at most 255 bytes once
 * genpack appends `.squashfs` where it is missing.
 */
export function outfileProblem(value: string): string | undefined {
  if (value === "" || value.startsWith("/") || value.split("/").some((part) => part === ".." || part === "") || CONTROL.test(value)) {
    return `${JSON.stringify(value)} is not a file name inside the artifact directory, where genpack writes the image`;
  }
  return longComponentProblem(value.endsWith(".squashfs") ? value : `${value}.squashfs`);
}

export const outfile: Check = (value, path, sink) => {
  if (typeof value !== "string") return wrongType(sink, path, "a file name", value);
  const problem = outfileProblem(value);
  if (problem !== undefined) sink.error(codes.invalidFileName, path, `${problem}.`);
};

export const capacity: Check = (value, path, sink) => {
  if (typeof value !== "number" || !Number.isInteger(value)) return wrongType(sink, path, "a whole number of GiB", value);
  if (value < 1 || value > 65536) sink.error(codes.invalidCapacity, path, `${value} GiB is outside 1 to 65536 GiB.`);
};

/** The USE flags of the circular dependency breaker: one string, set as USE for its emerge. */
export const breakerUse: Check = (value, path, sink) => (typeof value === "string" ? useString(value, path, sink) : wrongType(sink, path, "USE flags as a string", value));

export const circulardepBreaker = strictObject("a circular dependency breaker", { packages: list(atom(), { nonEmpty: true }), use: breakerUse }, ["packages"]);

/**
 * A setup command: shell that genpack runs with `sh -c`, one entry per command. A line break
 * would make one entry several commands, of which `sh -c` reports only the last one's failure;
 * NUL cannot be passed to a program at all.
 */
export const setupCommand: Check = (value, path, sink) => {
  if (typeof value !== "string") return wrongType(sink, path, "a shell command", value);
  if (value.trim() === "") return sink.error(codes.emptyValue, path, "The setup command is empty.");
  if (value.includes("\0")) return sink.error(codes.invalidSetupCommand, path, "The setup command holds a NUL character, which no program can be given.");
  if (/[\r\n]/.test(value)) {
    sink.error(codes.invalidSetupCommand, path, "The setup command holds a line break, which makes it several commands, of which `sh -c` reports only the last one's failure.", {
      hint: "Give each command its own entry, or join them with && on one line.",
    });
  }
};

/** A path in the image where genpack looks for build scripts, which it runs and leaves out of the image. */
export function reservedImagePathProblem(name: string): string | undefined {
  return name === "/build" || name === "/build.d" || name.startsWith("/build.d/") ? `"${name}" is where genpack looks for build scripts, which it runs and leaves out of the image.` : undefined;
}

/** Paths in the image: absolute, normalised, and not where genpack keeps the build scripts. */
export const imagePathKey = (name: string, path: ValuePath, sink: IssueSink): void => {
  const problem = imagePathProblem(name);
  if (problem !== undefined) {
    sink.error(codes.invalidImagePath, path, problem, { target: "key" });
    return;
  }
  const reserved = reservedImagePathProblem(name);
  if (reserved !== undefined) sink.error(codes.reservedImagePath, path, reserved, { target: "key", hint: "Use `buildScripts` or `userBuildScripts` for scripts." });
};

/**
 * Whether genpack can run a build script: executable files run directly, others by their
 * suffix (`.sh` with /bin/sh, `.py` with python); genpack stops on any other.
 */
export function buildScriptProblem(name: string, mode: number): string | undefined {
  if ((mode & 0o100) !== 0 || name.endsWith(".sh") || name.endsWith(".py")) return undefined;
  return `The build script ${name} is neither executable nor named *.sh or *.py, so genpack cannot run it`;
}

export function imagePathProblem(name: string): string | undefined {
  if (!name.startsWith("/")) return `${quote(name)} is not an absolute path in the image.`;
  if (name === "/") return undefined;
  if (name.endsWith("/")) return `${quote(name)} ends with a slash; write the path without it.`;
  if (name.slice(1).split("/").some((part) => part === "" || part === "." || part === "..")) {
    return `${quote(name)} is not a normalised path; it may not contain "//", "." or "..".`;
  }
  if (CONTROL.test(name)) return `${quote(name)} contains a control character.`;
  const long = longComponentProblem(name);
  return long === undefined ? undefined : `${long}.`;
}

/**
 * A saved configuration's path below /etc/portage/savedconfig (and the artifact's savedconfig/):
 * relative, without "." and ".." parts, and at least `category/package`, where Portage looks.
 */
export function savedconfigPathProblem(name: string): string | undefined {
  if (name.startsWith("/") || name.split("/").some((part) => part === "" || part === "." || part === "..")) {
    return `${quote(name)} is not a relative path without "." and ".." parts`;
  }
  if (CONTROL.test(name)) return `${JSON.stringify(name)} contains a control character`;
  if (!name.includes("/")) return `"${name}" is not below a category; Portage looks for saved configurations at <category>/<package>, such as sys-kernel/linux-firmware`;
  return longComponentProblem(name);
}

export const savedconfigPathKey = keyCheck(codes.invalidFileName, savedconfigPathProblem);

export const fileNameKey = keyCheck(codes.invalidFileName, fileNameProblem);

export const kernelConfigKey = keyCheck(codes.invalidFileName, (name) => {
  const problem = fileNameProblem(name);
  if (problem !== undefined) return problem;
  return name.endsWith(".config") ? undefined : `${quote(name)} does not end in ".config"; genpack's kernel build reads only config.d/*.config`;
});

export const accountNameKey = keyCheck(codes.invalidAccountName, accountNameProblem);

/** A patch target, `category/package[-version]`, which names folders below patches/. */
export function patchTargetProblem(target: string): string | undefined {
  return checkPackageDirectory(target) ?? longComponentProblem(target);
}

export const patchTargetKey = keyCheck(codes.invalidPatchTarget, patchTargetProblem);

const mode: Check = (value, path, sink) => {
  if (typeof value !== "number" || !Number.isInteger(value)) return wrongType(sink, path, "a file mode such as 0o644", value);
  if (value < 0 || value > 0o7777) sink.error(codes.invalidMode, path, `0o${value.toString(8)} is not a file mode; modes run from 0o000 to 0o7777.`);
};

const sourcePath: Check = (value, path, sink) => {
  if (typeof value !== "string") return wrongType(sink, path, "a path", value);
  if (value.trim() === "") sink.error(codes.emptyValue, path, "The path is empty.");
};

const textSource = strictObject("inline text", { kind: () => undefined, text: string(), mode }, ["text"]);
const fileSource = strictObject("a file", { kind: () => undefined, path: sourcePath, mode }, ["path"]);
const directorySource = strictObject("a directory", { kind: () => undefined, path: sourcePath }, ["path"]);

function source(allowDirectory: boolean): Check {
  const expected = allowDirectory ? "text, text(), file() or directory()" : "text, text() or file()";
  return (value, path, sink) => {
    if (typeof value === "string") return;
    if (!isRecord(value)) return wrongType(sink, path, expected, value);
    switch (value["kind"]) {
      case "text":
        return textSource(value, path, sink);
      case "file":
        return fileSource(value, path, sink);
      case "directory":
        if (allowDirectory) return directorySource(value, path, sink);
        sink.error(codes.wrongType, path, "A directory cannot be used here; this entry is a single file.", { hint: "Use file() or text()." });
        return;
      default:
        wrongType(sink, path, expected, value);
    }
  };
}

export const fileSourceCheck = source(false);
export const treeSourceCheck = source(true);

/** A value that must be a directory(). */
export const directoryOnly: Check = (value, path, sink) => {
  if (isRecord(value) && value["kind"] === "directory") return directorySource(value, path, sink);
  wrongType(sink, path, "directory()", value);
};

/** A patch target's value: patch files by name, or a directory of them. */
export const patchSet: Check = (value, path, sink) => {
  if (isRecord(value) && value["kind"] === "directory") return directorySource(value, path, sink);
  if (typeof value === "string" || (isRecord(value) && (value["kind"] === "file" || value["kind"] === "text"))) {
    sink.error(codes.wrongType, path, "A patch target takes patch files by name, or a directory() of them, not a single file.", {
      hint: 'Write `{ "fix.patch": file("./fix.patch") }`.',
    });
    return;
  }
  record(fileNameKey, fileSourceCheck)(value, path, sink);
};
