import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type * as TS from "typescript";
import { lineStartsOf, positionAt } from "../catalog/line-problem.js";
import { codes } from "../codes.js";
import { error, type Diagnostic } from "../diagnostics.js";
import { loadTypeScript, type TypeScript } from "../typescript.js";
import type { CatalogNames } from "./catalog-names.js";

export interface ReadCatalogResult {
  /** Undefined when the file is not a catalog, or one gp cannot read whole. */
  readonly catalog?: CatalogNames;
  readonly diagnostics: readonly Diagnostic[];
}

const HINT = "Write the catalog with `gp catalog --repo PATH -o FILE`, and give that file.";

/** A type of the catalog: an object type of named members, or a union of string literals (`never` being the empty one). */
type CatalogType = ReadonlyMap<string, CatalogType> | ReadonlySet<string>;

/** Where the file stops being a catalog, and why. */
class NotACatalog {
  constructor(
    readonly offset: number | undefined,
    readonly why: string,
  ) {}
}

/**
 * Reads the names back out of the declarations `gp catalog` writes (`interface GpCatalog`, see
 * catalogDeclarations): atoms with the string-literal union of their flags, USE_EXPAND variables
 * with their values, and the unions of licenses and profiles. `useExpand`, `licenses` and
 * `profiles` may be missing, as the types allow; then nothing is judged by them. A file that is
 * not such a catalog gives an error, located where it stops being one, and no catalog.
 *
 * The file is read with TypeScript's scanner, never type-checked: a catalog of the Gentoo tree is
 * some 8 MB, and the syntax tree `ts.createSourceFile` builds of it (half a million nodes) costs
 * several times the scan, mostly in garbage collection. The grammar is the small one the
 * declarations use: members `[readonly] name[?]: type;`, where a type is `{ members }`, `never`
 * or string literals joined by `|`. Comments, escapes and quotes are the scanner's business.
 *
 * @param file the file's path, as messages should name it; locations give it resolved.
 */
export function readCatalogDeclarations(text: string, file: string): ReadCatalogResult {
  const ts = loadTypeScript();
  let members: ReadonlyMap<string, CatalogType>;
  try {
    members = new DeclarationReader(ts, text).gpCatalog();
  } catch (failure) {
    if (!(failure instanceof NotACatalog)) throw failure;
    return {
      diagnostics: [
        error(codes.invalidCatalog, `${file} is not a catalog that gp catalog writes: ${failure.why}.`, {
          location: { file: resolve(file), ...(failure.offset === undefined ? {} : { start: positionAt(lineStartsOf(text), failure.offset) }) },
          hint: HINT,
        }),
      ],
    };
  }
  const problem = (why: string): ReadCatalogResult => ({
    diagnostics: [error(codes.invalidCatalog, `${file} is not a catalog that gp catalog writes: ${why}.`, { location: { file: resolve(file) }, hint: HINT })],
  });
  const packages = members.get("packages");
  if (packages === undefined) return problem("its `interface GpCatalog` has no `packages`");
  const useExpand = members.get("useExpand") ?? new Map<string, CatalogType>();
  const licenses = members.get("licenses");
  const profiles = members.get("profiles");
  const packageFlags = unionsOf(packages);
  const useExpandValues = unionsOf(useExpand);
  if (packageFlags === undefined) return problem("`packages` is not an object type whose members are unions of string literals");
  if (useExpandValues === undefined) return problem("`useExpand` is not an object type whose members are unions of string literals");
  if (licenses !== undefined && !isUnion(licenses)) return problem("`licenses` is not a union of string literals");
  if (profiles !== undefined && !isUnion(profiles)) return problem("`profiles` is not a union of string literals");
  return {
    catalog: { packages: flagWords(packageFlags), useExpand: useExpandValues, ...(licenses === undefined ? {} : { licenses }), ...(profiles === undefined ? {} : { profiles }) },
    diagnostics: [],
  };
}

const isUnion = (type: CatalogType): type is ReadonlySet<string> => type instanceof Set;

/**
 * Each atom's flags: the catalog writes them as one string literal of space-separated words
 * (see catalogDeclarations); a union of literals, one flag each, reads the same.
 */
function flagWords(packages: ReadonlyMap<string, ReadonlySet<string>>): ReadonlyMap<string, ReadonlySet<string>> {
  const flags = new Map<string, ReadonlySet<string>>();
  for (const [atom, literals] of packages) flags.set(atom, new Set([...literals].flatMap((literal) => literal.split(" ").filter((word) => word !== ""))));
  return flags;
}

/** An object type whose members are all unions, as such; undefined for anything else. */
function unionsOf(type: CatalogType): ReadonlyMap<string, ReadonlySet<string>> | undefined {
  if (isUnion(type)) return undefined;
  for (const member of type.values()) if (!isUnion(member)) return undefined;
  return type as ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Reads a catalog file as `gp check --catalog FILE` gives it: a file that is missing, unreadable
 * or not a catalog gives an error and no catalog.
 */
export function readCatalogFile(file: string): ReadCatalogResult {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    const message =
      code === "ENOENT" || code === "ENOTDIR"
        ? `The catalog ${file} does not exist.`
        : code === "EISDIR"
          ? `The catalog ${file} is a directory, not a file.`
          : `The catalog ${file} cannot be read (${code ?? String(cause)}).`;
    return { diagnostics: [error(codes.catalogNotFound, message, { location: { file: resolve(file) }, hint: HINT })] };
  }
  return readCatalogDeclarations(text, file);
}

/** A recursive-descent reader over TypeScript's scanner; throws NotACatalog where the text leaves the grammar. */
class DeclarationReader {
  readonly #kind: typeof TS.SyntaxKind;
  readonly #scanner: TS.Scanner;
  #token: TS.SyntaxKind;

  constructor(
    readonly ts: TypeScript,
    text: string,
  ) {
    this.#kind = ts.SyntaxKind;
    this.#scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text, (message) => {
      // An unterminated string or comment, an invalid character: the scanner's own errors, reported
      // while its position is at the problem.
      throw new NotACatalog(this.#scanner.getTokenEnd(), `it cannot be read as TypeScript (${message.message.replace(/\.$/, "")})`);
    });
    this.#token = this.#scanner.scan();
  }

  /** The members of `interface GpCatalog`, wherever it is declared (at the top, or in `declare global`). */
  gpCatalog(): ReadonlyMap<string, CatalogType> {
    const kind = this.#kind;
    let previous: TS.SyntaxKind | undefined;
    while (!this.#is(kind.EndOfFileToken)) {
      if (previous === kind.InterfaceKeyword && this.#is(kind.Identifier) && this.#scanner.getTokenValue() === "GpCatalog") {
        this.#next();
        if (this.#is(kind.LessThanToken) || this.#is(kind.ExtendsKeyword)) this.#fail("`interface GpCatalog` is generic or extends another type");
        return this.#objectType();
      }
      previous = this.#token;
      this.#next();
    }
    throw new NotACatalog(undefined, "it declares no `interface GpCatalog`");
  }

  /** Whether the current token is `token`; a method, so that checks after #next() are not narrowed away. */
  #is(token: TS.SyntaxKind): boolean {
    return this.#token === token;
  }

  #next(): void {
    this.#token = this.#scanner.scan();
  }

  #fail(why: string): never {
    throw new NotACatalog(this.#scanner.getTokenStart(), why);
  }

  #expect(token: TS.SyntaxKind, what: string): void {
    if (!this.#is(token)) this.#fail(`expected ${what}, found ${this.#found()}`);
    this.#next();
  }

  #found(): string {
    return this.#is(this.#kind.EndOfFileToken) ? "the end of the file" : `\`${this.#scanner.getTokenText()}\``;
  }

  /** `{ [readonly] name[?]: type; ... }`, the braces included. */
  #objectType(): Map<string, CatalogType> {
    const kind = this.#kind;
    const members = new Map<string, CatalogType>();
    this.#expect(kind.OpenBraceToken, "`{`");
    while (!this.#is(kind.CloseBraceToken)) {
      // `readonly` is a modifier unless it is the name itself (`readonly: ...`).
      if (this.#is(kind.ReadonlyKeyword) && this.#scanner.lookAhead(() => this.#scanner.scan() !== kind.ColonToken)) this.#next();
      const name = this.#memberName();
      if (this.#is(kind.QuestionToken)) this.#next();
      this.#expect(kind.ColonToken, "`:` after the member name");
      members.set(name, this.#type());
      if (this.#is(kind.SemicolonToken) || this.#is(kind.CommaToken)) this.#next();
      else if (!this.#is(kind.CloseBraceToken)) this.#fail(`expected \`;\` after a member, found ${this.#found()}`);
    }
    this.#next();
    return members;
  }

  #memberName(): string {
    const kind = this.#kind;
    const token = this.#token;
    const word = token === kind.Identifier || (token >= kind.FirstKeyword && token <= kind.LastKeyword);
    if (token === kind.StringLiteral || token === kind.NoSubstitutionTemplateLiteral || word) {
      const name = this.#scanner.getTokenValue();
      this.#next();
      return name;
    }
    return this.#fail(`expected a member name, found ${this.#found()}`);
  }

  #type(): CatalogType {
    const kind = this.#kind;
    if (this.#is(kind.OpenBraceToken)) return this.#objectType();
    if (this.#is(kind.NeverKeyword)) {
      this.#next();
      return new Set();
    }
    const names = new Set<string>();
    if (this.#is(kind.BarToken)) this.#next();
    for (;;) {
      if (!this.#is(kind.StringLiteral) && !this.#is(kind.NoSubstitutionTemplateLiteral)) this.#fail(`expected a string literal, found ${this.#found()}; a catalog's types are unions of string literals`);
      names.add(this.#scanner.getTokenValue());
      this.#next();
      if (!this.#is(kind.BarToken)) return names;
      this.#next();
    }
  }
}
