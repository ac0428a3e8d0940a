import { resolve } from "node:path";
import type * as TS from "typescript";
import { lineStartsOf, positionAt } from "../../portage/repository/line-problem.js";
import { codes } from "../../errors/codes.js";
import { error, type Diagnostic } from "../../errors/diagnostics.js";
import { readInputText } from "../../host/input-file.js";
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
 * Reads the names back out of the declarations `gp catalog` writes (see catalogDeclarations):
 * from `interface GpCatalogPackages` the atoms with their flags (one string of words, or a union
 * of literals), from `interface GpCatalog` the USE_EXPAND variables with their values and the
 * unions of licenses and profiles. `useExpand`, `licenses` and `profiles` may be missing, as the
 * types allow; then nothing is judged by them. A file that is not such a catalog gives an error,
 * located where it stops being one, and no catalog.
 *
 * The file is read with TypeScript's scanner, never type-checked: a catalog of the Gentoo tree is
 * some 7 MB, and the syntax tree `ts.createSourceFile` builds of it costs several times the scan,
 * mostly in garbage collection. The grammar is the small one the declarations use: members
 * `[readonly] name[?]: type;` and index signatures (skipped), where a type is `{ members }`,
 * `never` or string literals joined by `|`. Comments, escapes and quotes are the scanner's
 * business.
 *
 * @param file the file's path, as messages should name it; locations give it resolved.
 */
export function readCatalogDeclarations(text: string, file: string): ReadCatalogResult {
  const ts = loadTypeScript();
  let interfaces: ReadonlyMap<string, ReadonlyMap<string, CatalogType>>;
  try {
    interfaces = new DeclarationReader(ts, text).interfaces(["GpCatalog", "GpCatalogPackages"]);
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
  const members = interfaces.get("GpCatalog");
  const packages = interfaces.get("GpCatalogPackages");
  if (members === undefined) return problem("it declares no `interface GpCatalog`");
  if (packages === undefined) return problem("it declares no `interface GpCatalogPackages`");
  const useExpand = members.get("useExpand") ?? new Map<string, CatalogType>();
  const licenses = members.get("licenses");
  const profiles = members.get("profiles");
  const packageFlags = unionsOf(packages);
  const useExpandValues = unionsOf(useExpand);
  if (packageFlags === undefined) return problem("a member of `GpCatalogPackages` is not a string literal of flags");
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
  const read = readInputText(file);
  if (!read.ok) return { diagnostics: [error(codes.catalogNotFound, `The catalog ${file} ${read.reason}.`, { location: { file: resolve(file) }, hint: HINT })] };
  return readCatalogDeclarations(read.text, file);
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

  /**
   * The members of each interface of `names` the file declares, wherever (at the top, or in
   * `declare global`); the first declaration of a name counts.
   */
  interfaces(names: readonly string[]): ReadonlyMap<string, ReadonlyMap<string, CatalogType>> {
    const kind = this.#kind;
    const found = new Map<string, ReadonlyMap<string, CatalogType>>();
    let previous: TS.SyntaxKind | undefined;
    while (!this.#is(kind.EndOfFileToken)) {
      const name = this.#scanner.getTokenValue();
      if (previous === kind.InterfaceKeyword && this.#is(kind.Identifier) && names.includes(name) && !found.has(name)) {
        this.#next();
        if (this.#is(kind.LessThanToken) || this.#is(kind.ExtendsKeyword)) this.#fail(`\`interface ${name}\` is generic or extends another type`);
        found.set(name, this.#objectType());
        previous = undefined;
        continue;
      }
      previous = this.#token;
      this.#next();
    }
    return found;
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
      if (this.#is(kind.OpenBracketToken)) {
        this.#skipIndexSignature();
        continue;
      }
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

  /**
   * `[key: type]: type;`, which declares no name: passed over up to its `;` (or the closing
   * brace), brackets and template literal types such as `` `${string}/*` `` included.
   */
  #skipIndexSignature(): void {
    const kind = this.#kind;
    // The tokens that opened what is still open; a template's `${` closes with a `}` that the
    // scanner must be told to read as the template's continuation.
    const open: TS.SyntaxKind[] = [];
    for (;;) {
      if (this.#is(kind.EndOfFileToken)) this.#fail("expected the end of an index signature, found the end of the file");
      if (this.#is(kind.OpenBraceToken) || this.#is(kind.OpenBracketToken) || this.#is(kind.OpenParenToken) || this.#is(kind.TemplateHead)) open.push(this.#token);
      else if (this.#is(kind.CloseBracketToken) || this.#is(kind.CloseParenToken)) open.pop();
      else if (this.#is(kind.CloseBraceToken)) {
        if (open.length === 0) return;
        if (open.at(-1) === kind.TemplateHead) {
          this.#token = this.#scanner.reScanTemplateToken(false);
          if (this.#is(kind.TemplateTail)) open.pop();
        } else open.pop();
      } else if (open.length === 0 && (this.#is(kind.SemicolonToken) || this.#is(kind.CommaToken))) {
        this.#next();
        return;
      }
      this.#next();
    }
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
