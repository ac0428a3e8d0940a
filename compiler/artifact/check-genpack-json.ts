import { basename, dirname } from "node:path";
import { codes } from "../../errors/codes.js";
import { formatValuePath, type Diagnostic, type ValuePath } from "../../errors/diagnostics.js";
import type { Level } from "../fields.js";
import type { ObjectNode, ValueNode } from "../../genpack/json5/syntax.js";
import { checkAtom } from "../../portage/atom.js";
import { checkUseString } from "../../portage/use-flags.js";
import * as check from "../validate/checks.js";
import { IssueSink, type Check, type Issue } from "../validate/issues.js";
import { accountProblems, type Account, type Accounts } from "../rules/unique-accounts.js";
import { accountField, GROUP_KEYS, isIdString, USER_KEYS } from "../../genpack/account-keys.js";
import { breaksNothing } from "../../genpack/circulardep-breaker.js";
import { locateInDocument } from "./locate.js";
import { quote, quoteList, quoteName } from "../../errors/quote.js";

/**
 * Checks a genpack.json5 against genpack's own rules and its documentation, reporting every
 * problem at once, each with its key path and position:
 *
 * - errors for what genpack refuses or stops on (wrong types, deprecated names, a missing
 *   default variant), for values Portage cannot read (atoms, USE flags), and for old names
 *   genpack silently ignores now (they change what gets built);
 * - warnings for what genpack accepts but ignores or trips over later: unknown keys, keys its
 *   code does not read where its documentation says they work, users given as strings (genpack
 *   crashes on them), setup commands given as objects.
 */

interface GenpackField {
  /** Where genpack's documentation says the key works. */
  readonly levels: readonly Level[];
  /** Where genpack's code reads it, when that is less. */
  readonly codeLevels?: readonly Level[];
  readonly check: Check;
}

const all: readonly Level[] = ["top", "arch", "variant", "variantArch"];
const topAndVariant: readonly Level[] = ["top", "variant"];
const top: readonly Level[] = ["top"];

function wrongType(sink: IssueSink, path: ValuePath, expected: string, value: unknown): void {
  sink.error(codes.wrongType, path, `Expected ${expected}, got ${check.describe(value)}.`);
}

/** A `packages` element: an atom, or `-atom` to remove one that an earlier block added. */
const packageElement: Check = (value, path, sink) => {
  if (typeof value !== "string") return wrongType(sink, path, "a package atom", value);
  if (value === "") return sink.error(codes.emptyValue, path, "An empty string; genpack stops on it (IndexError).");
  if (value.startsWith("#")) return check.commentedPackage(value, path, sink, "JSON5");
  const atom = value.startsWith("-") ? value.slice(1) : value;
  const problem = checkAtom(atom);
  if (problem !== undefined) sink.error(codes.invalidAtom, path, `${quote(value)} is not a valid package atom: ${problem}.`);
};

/** A package.use value as genpack writes it: a string, a list of strings, or null. */
const useValue: Check = (value, path, sink) => {
  if (value === null) return;
  const tokens = typeof value === "string" ? [value] : Array.isArray(value) ? value : undefined;
  if (tokens === undefined) return wrongType(sink, path, "USE flags as a string or a list of strings, or null", value);
  tokens.forEach((token: unknown, index) => {
    const tokenPath = typeof value === "string" ? path : [...path, index];
    if (typeof token !== "string") return wrongType(sink, tokenPath, "a string", token);
    if (/[\r\n]/.test(token)) return sink.error(codes.invalidUseFlag, tokenPath, "The value holds a line break, which starts a new line of package.use.");
    for (const { token: bad, problem } of checkUseString(token).problems) sink.error(codes.invalidUseFlag, tokenPath, `${quote(bad)} is ${problem}.`);
  });
};

const perAtom = (setting: Check): Check => check.record(check.atomPatternKey, setting);

/** A user's or group's id: what the DSL takes, or the same id as a string of digits. */
const id: Check = (value, path, sink) => {
  if (isIdString(value)) {
    const problem = check.accountIdProblem(Number(value));
    if (problem !== undefined) sink.error(codes.invalidId, path, `${problem}.`);
    return;
  }
  check.accountId(value, path, sink);
};

/**
 * The fields of a user or group, by genpack's names (hyphenated aliases included), each checked
 * as the DSL checks the field it becomes, so that what passes here passes in a blueprint too;
 * keys genpack does not read are warnings, as genpack ignores them.
 */
function accountFields(value: Readonly<Record<string, unknown>>, path: ValuePath, kind: "user" | "group", sink: IssueSink): void {
  const keys = kind === "user" ? USER_KEYS : GROUP_KEYS;
  const checks = kind === "user" ? check.userFields : check.groupFields;
  if (value["name"] === undefined) sink.error(codes.wrongType, path, `A ${kind} needs \`name\`; genpack stops without it.`);
  for (const [key, element] of Object.entries(value)) {
    const field = accountField(keys, key);
    if (field === undefined) {
      sink.warning(codes.unknownKey, [...path, key], `genpack ignores the key \`${key}\` in a ${kind}.`, { target: "key", hint: check.suggestion(key, Object.keys(keys)) });
      continue;
    }
    const underscore = key.replace(/-/g, "_");
    if (underscore !== key && Object.hasOwn(value, underscore)) {
      // genpack reads the other spelling, and gp import leaves this one out: only that is said.
      sink.warning(codes.ignoredByGenpack, [...path, key], `Both \`${key}\` and \`${underscore}\` are set; genpack uses \`${underscore}\`.`, { target: "key" });
      continue;
    }
    if (field === "uid" || field === "gid") id(element, [...path, key], sink);
    else checks[field]?.(element, [...path, key], sink);
  }
}

const user: Check = (value, path, sink) => {
  if (typeof value === "string") {
    sink.warning(codes.ignoredByGenpack, path, `The user ${quote(value)} is a string, as genpack's documentation allows, but genpack's code stops on it ('str' object has no attribute 'get').`, {
      hint: `Write { name: ${quote(value)} }.`,
    });
    check.accountName(value, path, sink);
    return;
  }
  if (!check.isRecord(value)) return wrongType(sink, path, "a user name or object", value);
  accountFields(value, path, "user", sink);
};

const group: Check = (value, path, sink) => {
  if (typeof value === "string") return check.accountName(value, path, sink);
  if (!check.isRecord(value)) return wrongType(sink, path, "a group name or object", value);
  accountFields(value, path, "group", sink);
};

const setupCommand: Check = (value, path, sink) => {
  if (check.isRecord(value)) {
    sink.warning(codes.ignoredByGenpack, path, "genpack skips setup commands given as objects.");
    return;
  }
  check.setupCommand(value, path, sink);
};

/**
 * genpack runs the breaker only when it names packages; one without is left out, and so is
 * every key but `packages` and `use`. What it has is checked as the DSL checks it.
 */
const breaker: Check = (value, path, sink) => {
  if (!check.isRecord(value)) return wrongType(sink, path, "an object with `packages` and `use`", value);
  for (const [key, element] of Object.entries(value)) {
    if (key === "packages") check.list(check.atom())(element, [...path, key], sink);
    else if (key === "use") check.breakerUse(element, [...path, key], sink);
    else sink.warning(codes.unknownKey, [...path, key], `genpack ignores the key ${quoteName(key)} in circulardep_breaker.`, { target: "key" });
  }
  if (breaksNothing(value["packages"])) sink.warning(codes.ignoredByGenpack, path, "The circular dependency breaker names no packages, so genpack does not run it.", { target: "key" });
};

const nothing: Check = () => undefined;

/** Every key genpack reads, where its documentation and its code say it applies. */
const GENPACK_FIELDS: Readonly<Record<string, GenpackField>> = {
  name: { levels: topAndVariant, codeLevels: top, check: check.imageName },
  profile: { levels: topAndVariant, codeLevels: top, check: check.portageProfile },
  outfile: { levels: topAndVariant, codeLevels: top, check: check.outfile },
  compression: { levels: top, check: check.compression },
  devel: { levels: top, check: check.boolean },
  buildtime_packages_first: { levels: [...topAndVariant, "arch", "variantArch"], codeLevels: topAndVariant, check: check.boolean },
  packages: { levels: all, check: check.list(packageElement) },
  buildtime_packages: { levels: all, check: check.list(check.atom()) },
  accept_keywords: { levels: all, check: perAtom(check.keywordSetting) },
  use: { levels: all, check: perAtom(useValue) },
  mask: { levels: all, check: check.list(check.atom({ wildcards: true })) },
  license: { levels: all, check: perAtom(check.licenseSetting) },
  env: { levels: all, check: perAtom(check.envSetting) },
  binpkg_excludes: { levels: all, check: check.atomOrAtoms },
  users: { levels: topAndVariant, check: check.list(user) },
  groups: { levels: topAndVariant, check: check.list(group) },
  setup_commands: { levels: all, codeLevels: top, check: check.list(setupCommand) },
  services: { levels: all, check: check.list(check.serviceName) },
  "lower-layer-capacity": { levels: top, check: check.capacity },
  independent_binpkgs: { levels: top, check: check.boolean },
  circulardep_breaker: { levels: top, check: breaker },
  arch: { levels: topAndVariant, check: nothing },
  variants: { levels: top, check: nothing },
  default_variant: { levels: top, check: check.string({ nonEmpty: true }) },
};

/** Names genpack refuses with an error of its own. */
const DEPRECATED: Readonly<Record<string, { readonly replacement: string; readonly levels: readonly Level[] }>> = {
  "buildtime-packages": { replacement: "buildtime_packages", levels: all },
  "binpkg-exclude": { replacement: "binpkg_excludes", levels: all },
  "circulardep-breaker": { replacement: "circulardep_breaker", levels: top },
};

/** Names of older genpack versions that genpack now ignores without a word. */
const OBSOLETE: Readonly<Record<string, string>> = {
  gentoo_profile: "It was replaced by `profile`, a profile of genpack-overlay (such as \"gnome/baremetal\"); genpack ignores the old key.",
  "gentoo-profile": "It was replaced by `profile`, a profile of genpack-overlay (such as \"gnome/baremetal\"); genpack ignores the old key.",
  "minimum-lower-layer-capacity": "It was renamed `lower-layer-capacity`; genpack ignores the old key.",
  binpkg_exclude: "It is spelled `binpkg_excludes`; genpack ignores this spelling.",
  "mix-in": "genpack no longer merges other artifacts' repositories; genpack ignores the key. In gp, share settings as profiles.",
};

const LEVEL_NAMES: Readonly<Record<Level, string>> = {
  top: "the top level",
  arch: "an arch block",
  variant: "a variant",
  variantArch: "an arch block inside a variant",
};

/**
 * Plain data of a node for the field checks. A whole number written as a float (`64.0`, `1e3`)
 * stays boxed: Python reads it as a float, which genpack cannot use as a size or an id.
 */
function toJs(node: ValueNode): unknown {
  switch (node.kind) {
    case "number":
      return !node.integer && Number.isInteger(node.value) ? new Number(node.value) : node.value;
    case "object":
      return Object.fromEntries(node.entries.map((entry) => [entry.key, toJs(entry.value)]));
    case "array":
      return node.items.map((item) => toJs(item.value));
    case "null":
      return null;
    default:
      return node.value;
  }
}

function checkBlock(node: ValueNode, path: ValuePath, level: Level, sink: IssueSink): void {
  if (node.kind !== "object") {
    const what = level === "top" ? "an object" : `an object for ${LEVEL_NAMES[level]}`;
    sink.error(codes.wrongType, path, `Expected ${what}, got ${check.describe(toJs(node))}.`);
    return;
  }
  for (const entry of node.entries) {
    const entryPath = [...path, entry.key];
    if (entry.duplicateAt !== undefined) {
      sink.warning(codes.unknownKey, entryPath, `The key ${quoteName(entry.key)} is written twice; genpack uses the last value.`, { target: "key" });
    }
    // Own keys only: a key named like an Object method (constructor, toString) is just unknown.
    const deprecated = Object.hasOwn(DEPRECATED, entry.key) ? DEPRECATED[entry.key] : undefined;
    if (deprecated !== undefined && deprecated.levels.includes(level)) {
      sink.error(codes.unknownKey, entryPath, `${quoteName(entry.key)} is deprecated; genpack stops with an error on it.`, { target: "key", hint: `Write \`${deprecated.replacement}\`.` });
      continue;
    }
    const obsolete = Object.hasOwn(OBSOLETE, entry.key) ? OBSOLETE[entry.key] : undefined;
    if (obsolete !== undefined) {
      sink.error(codes.unknownKey, entryPath, `${quoteName(entry.key)} is a key of older genpack versions. ${obsolete}`, { target: "key" });
      continue;
    }
    const field = Object.hasOwn(GENPACK_FIELDS, entry.key) ? GENPACK_FIELDS[entry.key] : undefined;
    if (field === undefined || !field.levels.includes(level)) {
      const known = Object.keys(GENPACK_FIELDS).filter((key) => GENPACK_FIELDS[key]?.levels.includes(level));
      const message =
        field === undefined ? `genpack ignores the unknown key ${quoteName(entry.key)} in ${LEVEL_NAMES[level]}.` : `genpack ignores ${quoteName(entry.key)} in ${LEVEL_NAMES[level]}; it reads it only elsewhere.`;
      sink.warning(codes.unknownKey, entryPath, message, { target: "key", hint: field === undefined ? check.suggestion(entry.key, known) : undefined });
      continue;
    }
    if (field.codeLevels !== undefined && !field.codeLevels.includes(level)) {
      sink.warning(codes.ignoredByGenpack, entryPath, `genpack's documentation says ${quoteName(entry.key)} works in ${LEVEL_NAMES[level]}, but genpack's code reads it only in ${field.codeLevels.map((codeLevel) => LEVEL_NAMES[codeLevel]).join(" and ")}; gp applies it as documented.`, {
        target: "key",
      });
    }
    if (entry.key === "arch") {
      checkNamedBlocks(entry.value, entryPath, "arch blocks", check.archKey, level === "top" ? "arch" : "variantArch", sink);
    } else if (entry.key === "variants") {
      checkNamedBlocks(entry.value, entryPath, "variants", check.variantName, "variant", sink);
    } else {
      field.check(toJs(entry.value), entryPath, sink);
    }
  }
}

function checkNamedBlocks(node: ValueNode, path: ValuePath, what: string, keyCheck: (name: string, path: ValuePath, sink: IssueSink) => void, level: Level, sink: IssueSink): void {
  if (node.kind !== "object") {
    sink.error(codes.wrongType, path, `Expected ${what} (an object), got ${check.describe(toJs(node))}.`);
    return;
  }
  for (const entry of node.entries) {
    keyCheck(entry.key, [...path, entry.key], sink);
    checkBlock(entry.value, [...path, entry.key], level, sink);
  }
}

/**
 * Checks across keys: the image has a name (its own, or its folder's, as genpack takes it), the
 * default variant exists, variants do not share an output file.
 */
function checkWhole(root: ObjectNode, folder: string, sink: IssueSink): void {
  const entry = (key: string) => root.entries.find((candidate) => candidate.key === key);
  const named = entry("name");
  const unnamed = named === undefined ? check.nameProblem(folder, "image") : undefined;
  if (unnamed !== undefined) {
    sink.error(codes.invalidImageName, [], `The artifact has no \`name\`, so genpack names it after its folder: ${unnamed}.`, { hint: "Set `name`." });
  }
  const variantsNode = entry("variants")?.value;
  const name = named === undefined ? folder : named.value.kind === "string" ? named.value.value : undefined;
  if (variantsNode?.kind === "object" && name !== undefined && entry("outfile") === undefined) {
    for (const variant of variantsNode.entries) {
      const own = variant.value.kind === "object" ? variant.value.entries : [];
      if (own.some((candidate) => candidate.key === "outfile")) continue;
      const ownName = own.find((candidate) => candidate.key === "name")?.value;
      const problem = check.imageFileNameProblem(ownName?.kind === "string" ? ownName.value : `${name}-${variant.key}`);
      if (problem !== undefined) sink.error(codes.invalidVariantName, ["variants", variant.key], `Building this variant, ${problem}.`, { target: "key", hint: "Shorten the image or variant name, or set `outfile`." });
    }
  }
  const variants = entry("variants")?.value;
  const names = variants?.kind === "object" ? variants.entries.map((variant) => variant.key) : [];
  const chosen = entry("default_variant")?.value;
  if (chosen?.kind === "string" && !names.includes(chosen.value)) {
    sink.error(codes.unknownDefaultVariant, ["default_variant"], `The default variant ${quote(chosen.value)} does not exist${names.length === 0 ? "; there are no variants" : `; the variants are ${quoteList(names)}`}. genpack stops with an error.`);
  }
  if (entry("outfile") !== undefined && names.length > 0) {
    sink.warning(codes.sharedOutfile, ["outfile"], "With a top-level `outfile`, genpack writes every variant to the same file, each build replacing the last.");
  }
}

function toDiagnostic(issue: Issue, file: string, root: ValueNode): Diagnostic {
  const where = formatValuePath(issue.path);
  const message = where === "" ? issue.message : `${where}: ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`;
  return {
    code: issue.entry.code,
    severity: issue.severity,
    message,
    location: locateInDocument(file, root, issue.path, issue.target),
    path: issue.path,
    ...(issue.hint === undefined ? {} : { hint: issue.hint }),
  };
}

/** One user or group of genpack.json5 as a build creates it, when its name is a string. */
function accountAt(value: unknown, path: ValuePath, kind: "user" | "group"): Account<ValuePath> | undefined {
  if (typeof value === "string") return { name: value, at: path };
  if (!check.isRecord(value) || typeof value["name"] !== "string") return undefined;
  const raw = value[kind === "user" ? "uid" : "gid"];
  const id = typeof raw === "number" ? raw : isIdString(raw) ? Number(raw) : undefined;
  // genpack takes initial_group over initial-group.
  const initialGroup = kind === "user" ? (value["initial_group"] ?? value["initial-group"]) : undefined;
  return { name: value["name"], at: path, ...(id === undefined ? {} : { id }), ...(typeof initialGroup === "string" ? { initialGroup } : {}) };
}

function accountsAt(block: unknown, path: ValuePath): Accounts<ValuePath> {
  const list = (kind: "user" | "group") => {
    const field = kind === "user" ? "users" : "groups";
    const items = check.isRecord(block) ? block[field] : undefined;
    if (!Array.isArray(items)) return [];
    return items.flatMap((item: unknown, index) => accountAt(item, [...path, field, index], kind) ?? []);
  };
  return { users: list("user"), groups: list("group") };
}

/** Users and groups unique in every build, by the rule blueprints are held to. */
function accountDiagnostics(file: string, root: ValueNode): Diagnostic[] {
  const json = toJs(root);
  const variants = check.isRecord(json) && check.isRecord(json["variants"]) ? Object.entries(json["variants"]) : [];
  const findings = accountProblems(
    accountsAt(json, []),
    variants.map(([name, variant]) => accountsAt(variant, ["variants", name])),
    "initial_group",
  );
  return findings.map((finding) => ({
    code: finding.entry.code,
    severity: finding.severity,
    message: `${formatValuePath(finding.at)}: ${finding.message.charAt(0).toLowerCase()}${finding.message.slice(1)}`,
    location: locateInDocument(file, root, finding.at),
    path: finding.at,
    ...(finding.hint === undefined ? {} : { hint: finding.hint }),
    ...(finding.related === undefined ? {} : { related: finding.related.map((related) => ({ message: related.message, ...locateInDocument(file, root, related.at) })) }),
  }));
}

/** Every problem of a parsed genpack.json5, with key paths and positions. */
export function checkGenpackJson(file: string, root: ValueNode): Diagnostic[] {
  const sink = new IssueSink();
  checkBlock(root, [], "top", sink);
  if (root.kind === "object") checkWhole(root, basename(dirname(file)), sink);
  return [...sink.issues.map((issue) => toDiagnostic(issue, file, root)), ...accountDiagnostics(file, root)];
}
