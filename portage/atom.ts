import { quote, shorten } from "../errors/quote.js";
import { checkUseDependencies } from "./use-dependency.js";

/**
 * Package atom syntax from the Package Manager Specification (PMS §3), as far as genpack's files
 * can hold atoms: version operators, slots, repositories and USE dependencies. Patterns (the
 * keys of `package.*` files) may also use `*` wildcards, as Portage's extended atoms do.
 */

const CATEGORY = /^[A-Za-z0-9_][A-Za-z0-9+_.-]*$/;
const PACKAGE_NAME = /^[A-Za-z0-9_][A-Za-z0-9+_-]*$/;
const VERSION = /^\d+(?:\.\d+)*[a-z]?(?:_(?:alpha|beta|pre|rc|p)\d*)*(?:-r\d+)?$/;
const SLOT_NAME = /^[A-Za-z0-9_][A-Za-z0-9+_.-]*$/;
const REPOSITORY = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;
const OPERATORS = [">=", "<=", "=", "~", ">", "<"] as const;

/** Why an atom is invalid, as a sentence fragment, or undefined when it is valid. */
export type AtomProblem = string | undefined;

/** Splits `name-1.2-r3` into name and version when the tail is a valid version. */
export function splitVersion(nameAndVersion: string): { name: string; version: string } | undefined {
  const match = /^(.+?)-(\d[^-]*(?:-r\d+)?)$/.exec(nameAndVersion);
  if (match === null) return undefined;
  const [, name, version] = match;
  if (name === undefined || version === undefined || !VERSION.test(version)) return undefined;
  return { name, version };
}

function checkSlot(slot: string): AtomProblem {
  if (slot === "*" || slot === "=") return undefined;
  const body = slot.endsWith("=") ? slot.slice(0, -1) : slot;
  const [main, sub, ...rest] = body.split("/");
  if (rest.length > 0 || main === undefined || !SLOT_NAME.test(main)) return `${quote(slot)} is not a valid slot`;
  if (sub !== undefined && !SLOT_NAME.test(sub)) return `${quote(slot)} is not a valid slot`;
  return undefined;
}

/** An atom cut into its operator, `category/name[-version]` body and suffixes, each as written. */
export interface AtomParts {
  readonly operator: (typeof OPERATORS)[number] | undefined;
  readonly body: string;
  /** Between the brackets of `[use]`. */
  readonly use: string | undefined;
  readonly repository: string | undefined;
  /** After the `:`, sub-slot and slot operator included (`0/1.2=`). */
  readonly slot: string | undefined;
}

/** Cuts an atom at its operator and its `[use]`, `::repository` and `:slot` suffixes, without judging them. */
export function splitAtom(atom: string): AtomParts {
  let rest = atom;
  const operator = OPERATORS.find((candidate) => rest.startsWith(candidate));
  if (operator !== undefined) rest = rest.slice(operator.length);
  let use: string | undefined;
  const useStart = rest.indexOf("[");
  if (useStart !== -1) {
    use = rest.slice(useStart + 1, -1);
    rest = rest.slice(0, useStart);
  }
  let repository: string | undefined;
  const repositoryStart = rest.indexOf("::");
  if (repositoryStart !== -1) {
    repository = rest.slice(repositoryStart + 2);
    rest = rest.slice(0, repositoryStart);
  }
  let slot: string | undefined;
  const slotStart = rest.indexOf(":");
  if (slotStart !== -1) {
    slot = rest.slice(slotStart + 1);
    rest = rest.slice(0, slotStart);
  }
  return { operator, body: rest, use, repository, slot };
}

/**
 * Checks one atom. `wildcards` allows `*` in the category and the name, as Portage allows in the
 * keys of package.use, package.accept_keywords and the like.
 */
export function checkAtom(atom: string, options: { readonly wildcards?: boolean } = {}): AtomProblem {
  if (atom.trim() !== atom || /\s/.test(atom)) return "an atom may not contain whitespace";
  if (atom.startsWith("!")) return "blockers (`!atom`) have no meaning here";
  const { operator, body, use, repository, slot } = splitAtom(atom);
  if (use !== undefined && !atom.endsWith("]")) return "a USE dependency must end with `]`";
  const slash = body.indexOf("/");
  if (slash === -1) return "an atom needs a category, as in `category/name`";
  const category = body.slice(0, slash);
  let nameAndVersion = body.slice(slash + 1);
  if (nameAndVersion.includes("/")) return "an atom has exactly one `/`";

  let globVersion = false;
  if (operator === "=" && nameAndVersion.endsWith("*")) {
    globVersion = true;
    nameAndVersion = nameAndVersion.slice(0, -1);
  }

  const wildcard = options.wildcards === true;
  const categoryOk = wildcard ? /^[A-Za-z0-9_*][A-Za-z0-9+_.*-]*$/.test(category) : CATEGORY.test(category);
  if (!categoryOk) return `${quote(category)} is not a valid category name`;

  const split = splitVersion(nameAndVersion);
  if (operator !== undefined) {
    if (split === undefined) {
      return `the operator ${quote(operator)} needs a version, as in \`${shorten(`${operator}${category}/${nameAndVersion}`)}-1.0\``;
    }
    if (operator === "~" && /-r\d+$/.test(split.version)) return "the `~` operator takes a version without a revision";
    if (globVersion && split.version.includes("-r")) return "a `*` version match cannot include a revision";
  } else if (split !== undefined) {
    return `${quote(nameAndVersion)} ends in a version; add an operator such as \`>=\` or \`=\`, or drop the version`;
  }
  const name = split?.name ?? nameAndVersion;
  const nameOk = wildcard ? /^[A-Za-z0-9_*][A-Za-z0-9+_*-]*$/.test(name) : PACKAGE_NAME.test(name);
  if (!nameOk) return `${quote(name)} is not a valid package name`;

  if (slot !== undefined) {
    const problem = checkSlot(slot);
    if (problem !== undefined) return problem;
  }
  if (repository !== undefined && !REPOSITORY.test(repository)) return `${quote(repository)} is not a valid repository name`;
  if (use !== undefined) return checkUseDependencies(use);
  return undefined;
}

/** Checks a `category/package[-version]` directory name, as used below patches/. */
export function checkPackageDirectory(target: string): AtomProblem {
  const [category, nameAndVersion, ...rest] = target.split("/");
  if (rest.length > 0 || category === undefined || nameAndVersion === undefined) {
    return "a patch target is `category/package` or `category/package-version`";
  }
  if (!CATEGORY.test(category)) return `${quote(category)} is not a valid category name`;
  const name = splitVersion(nameAndVersion)?.name ?? nameAndVersion;
  if (!PACKAGE_NAME.test(name)) return `${quote(name)} is not a valid package name`;
  return undefined;
}

/** Checks a category name (PMS §3.1.1). */
export function checkCategoryName(category: string): AtomProblem {
  return CATEGORY.test(category) ? undefined : `${quote(category)} is not a valid category name: letters, digits and + _ . -, not starting with + . or -`;
}

/** Checks a package name (PMS §3.1.2), which may not end in what reads as a version. */
export function checkPackageName(name: string): AtomProblem {
  if (!PACKAGE_NAME.test(name)) return `${quote(name)} is not a valid package name: letters, digits and + _ -, not starting with + or -`;
  if (splitVersion(name) !== undefined || /-\d+$/.test(name)) return `${quote(name)} ends in what Portage would read as a version`;
  return undefined;
}

/** Checks a version without a revision (PMS §3.2); gp adds the revision itself. */
export function checkVersion(version: string): AtomProblem {
  if (/-r\d+$/.test(version)) return `${quote(version)} has a revision; gp sets the revision (-rN) itself from the package's content`;
  return VERSION.test(version) ? undefined : `${quote(version)} is not a valid version, such as 1.0, 2.4.1_rc2 or 20260807`;
}

/** Checks a SLOT value: a slot, optionally with a sub-slot (`0/1.2`). */
export function checkSlotValue(slot: string): AtomProblem {
  const [main, sub, ...rest] = slot.split("/");
  if (rest.length > 0 || main === undefined || !SLOT_NAME.test(main) || (sub !== undefined && !SLOT_NAME.test(sub))) {
    return `${quote(slot)} is not a valid slot, such as 0 or 0/1.2`;
  }
  return undefined;
}
