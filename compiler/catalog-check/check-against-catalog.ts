import { codes } from "../../errors/codes.js";
import type { ValuePath } from "../../errors/diagnostics.js";
import { fields, type FieldName } from "../fields.js";
import { isPackage, isRecord } from "../validate/checks.js";
import { IssueSink, type Issue } from "../validate/issues.js";
import { CatalogIndex } from "./catalog-index.js";
import type { CatalogNames } from "./catalog-names.js";
import { closestName, didYouMean } from "../../errors/closest-name.js";
import { quote } from "../../errors/quote.js";

export interface CatalogCheckOptions {
  /**
   * Atoms (`category/name`) of packages the image brings itself: those made with definePackage(),
   * or those of an artifact's overlay. They count as known; their flags are not judged.
   * @default none
   */
  readonly localAtoms?: ReadonlySet<string>;
  /**
   * How the spec names its fields: a blueprint's (`buildtimePackages`) or genpack.json5's
   * (`buildtime_packages`), whose removals are `-atom` strings.
   * @default "blueprint"
   */
  readonly keys?: "blueprint" | "genpack";
}

/** The fields whose atoms, flags and licenses the catalog can judge. */
type JudgedField = Extract<FieldName, "packages" | "buildtimePackages" | "mask" | "binpkgExcludes" | "circulardepBreaker" | "use" | "acceptKeywords" | "license" | "env">;

/** The words of a Portage value, such as `"a -b +c"`. */
const words = (text: string): string[] => text.split(/\s+/).filter((word) => word !== "");

/** The flags of a package, as a hint when none of them is close to the one written. */
function flagList(atom: string, flags: ReadonlySet<string>): string | undefined {
  if (flags.size === 0) return `${atom} has no USE flags in the catalog.`;
  if (flags.size > 12) return undefined;
  return `The flags of ${atom} are ${[...flags].map((flag) => `\`${flag}\``).join(", ")}.`;
}

/**
 * Judges one spec (an image, a profile, or a genpack.json5) by a catalog, as the types of a
 * `gp catalog` declaration file do, and further: atoms with versions, slots or wildcards are
 * looked up by their `category/name`, and USE flags written as one string are judged too.
 *
 * At every level where they appear (top, arch blocks, variants, their arch blocks):
 * 1. atoms of `packages` (removals included), `buildtimePackages`, `mask`, `binpkgExcludes` and
 *    `circulardepBreaker.packages`, and the atom keys of `use`, `acceptKeywords`, `license` and
 *    `env`, must name a package of the catalog or of the image's own (`localAtoms`);
 * 2. each USE flag of `use` must be a flag of the package its key names (for a key naming one
 *    package of the catalog); `-*` always passes;
 * 3. each USE_EXPAND value (`{ VIDEO_CARDS: ["intel"] }`, or after `VIDEO_CARDS:` in a string)
 *    must be a value of that variable, when the catalog describes the variable;
 * 4. each license of `license` must be one of the catalog's, when it declares licenses; `@GROUP`,
 *    `*` and `-*` pass, and `-NAME` is judged by NAME.
 *
 * Returns the problems as issues at their path in the spec, for the caller to locate. Pure.
 */
export function checkAgainstCatalog(spec: Readonly<Record<string, unknown>>, catalog: CatalogNames, options: CatalogCheckOptions = {}): Issue[] {
  const sink = new IssueSink();
  new SpecJudge(catalog, sink, options).block(spec, []);
  return sink.issues;
}

/** Walks one spec, level by level, reporting into the sink. */
class SpecJudge {
  readonly #index: CatalogIndex;
  readonly #local: ReadonlySet<string>;

  constructor(
    readonly catalog: CatalogNames,
    readonly sink: IssueSink,
    readonly options: CatalogCheckOptions,
  ) {
    this.#index = CatalogIndex.of(catalog);
    this.#local = options.localAtoms ?? new Set();
  }

  #key(field: JudgedField): string {
    return this.options.keys === "genpack" ? (fields[field].genpackKey as string) : field;
  }

  /** One level of the spec, then the arch blocks and variants below it. */
  block(block: unknown, path: ValuePath): void {
    if (!isRecord(block)) return;
    const at = (field: JudgedField) => ({ value: block[this.#key(field)], path: [...path, this.#key(field)] });

    const packages = at("packages");
    this.#each(packages.value, packages.path, (entry, entryPath) => {
      if (isRecord(entry)) this.#atom(entry["remove"], [...entryPath, "remove"]);
      // genpack.json5 writes a removal as "-atom"; a "#" line is a comment in the set file.
      else if (typeof entry === "string" && !entry.startsWith("#")) this.#atom(entry.startsWith("-") ? entry.slice(1) : entry, entryPath);
    });
    for (const field of ["buildtimePackages", "mask"] as const) {
      const { value, path: listPath } = at(field);
      this.#each(value, listPath, (entry, entryPath) => this.#atom(entry, entryPath));
    }
    const excludes = at("binpkgExcludes");
    if (typeof excludes.value === "string") this.#atom(excludes.value, excludes.path);
    else this.#each(excludes.value, excludes.path, (entry, entryPath) => this.#atom(entry, entryPath));
    const breaker = at("circulardepBreaker");
    if (isRecord(breaker.value)) this.#each(breaker.value["packages"], [...breaker.path, "packages"], (entry, entryPath) => this.#atom(entry, entryPath));

    const use = at("use");
    this.#byAtom(use.value, use.path, (value, valuePath, flags, atom) => this.#use(value, valuePath, flags, atom));
    const license = at("license");
    this.#byAtom(license.value, license.path, (value, valuePath) => this.#licenses(value, valuePath));
    for (const field of ["acceptKeywords", "env"] as const) {
      const { value, path: recordPath } = at(field);
      this.#byAtom(value, recordPath, () => undefined);
    }

    for (const nested of ["arch", "variants"]) {
      const blocks = block[nested];
      if (!isRecord(blocks)) continue;
      for (const [name, inner] of Object.entries(blocks)) this.block(inner, [...path, nested, name]);
    }
  }

  /** Each element of a list; packages made with definePackage() are judged where they are defined. */
  #each(list: unknown, path: ValuePath, judge: (entry: unknown, path: ValuePath) => void): void {
    if (!Array.isArray(list)) return;
    list.forEach((entry: unknown, index) => {
      if (!isPackage(entry)) judge(entry, [...path, index]);
    });
  }

  /** Looks an atom up, reporting it when unknown; the package's flags when it names one of the catalog's. */
  #atom(atom: unknown, path: ValuePath, target: "value" | "key" = "value"): { atom: string; flags: ReadonlySet<string> | undefined } | undefined {
    if (typeof atom !== "string") return undefined;
    const found = this.#index.lookUp(atom, this.#local);
    if (found.kind === "unknown") {
      this.sink.error(codes.unknownPackage, path, found.message, { target, hint: found.hint });
      return undefined;
    }
    return found.kind === "package" ? { atom: found.atom, flags: found.flags } : undefined;
  }

  /** A record keyed by atoms, each key judged and each value given to `judge` with what its key names. */
  #byAtom(record: unknown, path: ValuePath, judge: (value: unknown, path: ValuePath, flags: ReadonlySet<string> | undefined, atom: string) => void): void {
    if (!isRecord(record)) return;
    for (const [key, value] of Object.entries(record)) {
      const found = this.#atom(key, [...path, key], "key");
      judge(value, [...path, key], found?.flags, found?.atom ?? key);
    }
  }

  /**
   * A USE setting: a string (`"a -b VIDEO_CARDS: intel"`), a list of flags and groups, groups
   * alone, or null. A `NAME:` marker makes the words after it values of NAME, also across the
   * elements of a list, which genpack joins into one line.
   */
  #use(value: unknown, path: ValuePath, flags: ReadonlySet<string> | undefined, atom: string): void {
    let variable: string | undefined;
    const judgeWords = (text: string, at: ValuePath, located: boolean) => {
      for (const word of words(text)) {
        if (word.endsWith(":")) {
          variable = word.slice(0, -1);
          continue;
        }
        const token = located ? word : undefined;
        if (variable !== undefined) this.#useExpandValue(variable, word, at, token);
        else if (word !== "-*") this.#flag(word.replace(/^[-+]/, ""), flags, atom, at, token);
      }
    };
    if (typeof value === "string") return judgeWords(value, path, true);
    if (isRecord(value)) return this.#groups(value, path);
    if (!Array.isArray(value)) return;
    value.forEach((element: unknown, index) => {
      // A list element of a blueprint is one flag, located as a whole; genpack's may hold several.
      if (typeof element === "string") judgeWords(element, [...path, index], words(element).length > 1);
      else if (isRecord(element)) this.#groups(element, [...path, index]);
    });
  }

  #groups(groups: Readonly<Record<string, unknown>>, path: ValuePath): void {
    for (const [variable, values] of Object.entries(groups)) {
      if (!Array.isArray(values)) continue;
      values.forEach((value: unknown, index) => {
        if (typeof value === "string") this.#useExpandValue(variable, value, [...path, variable, index], undefined);
      });
    }
  }

  #flag(flag: string, flags: ReadonlySet<string> | undefined, atom: string, path: ValuePath, token: string | undefined): void {
    if (flags === undefined || flags.has(flag)) return;
    this.sink.error(codes.unknownUseFlag, path, `${quote(flag)} is not a USE flag of ${atom}.`, {
      hint: didYouMean([closestName(flag, flags)]) ?? flagList(atom, flags),
      ...(token === undefined ? {} : { token }),
    });
  }

  /** A value of a USE_EXPAND variable (with its `-`, if any), judged when the catalog describes the variable. */
  #useExpandValue(variable: string, written: string, path: ValuePath, token: string | undefined): void {
    const values = this.catalog.useExpand.get(variable);
    const value = written.replace(/^[-+]/, "");
    if (values === undefined || values.has(value)) return;
    this.sink.error(codes.unknownUseExpandValue, path, `${quote(value)} is not a ${variable} value the catalog describes.`, {
      hint: didYouMean([closestName(value, values)]),
      ...(token === undefined ? {} : { token }),
    });
  }

  /** A license setting: a string of names, a list of them, or null. */
  #licenses(value: unknown, path: ValuePath): void {
    const known = this.catalog.licenses;
    if (known === undefined) return;
    const judgeWords = (text: string, at: ValuePath, located: boolean) => {
      for (const word of words(text)) {
        if (word.startsWith("@") || word === "*" || word === "-*") continue;
        const name = word.startsWith("-") ? word.slice(1) : word;
        if (known.has(name)) continue;
        this.sink.error(codes.unknownLicense, at, `${quote(name)} is not a license of the catalog's repositories.`, {
          hint: didYouMean([closestName(name, known)]) ?? (known.size === 0 ? "The catalog's repositories have no licenses/ directory; write the catalog with the repository that has, such as gentoo." : undefined),
          ...(located ? { token: word } : {}),
        });
      }
    };
    if (typeof value === "string") judgeWords(value, path, true);
    else if (Array.isArray(value)) value.forEach((element: unknown, index) => typeof element === "string" && judgeWords(element, [...path, index], words(element).length > 1));
  }
}
