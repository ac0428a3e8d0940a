import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type * as TS from "typescript";
import { describe, expect, it } from "vitest";
import { SourceLocator } from "../../compiler/source-locator.js";
import { loadTypeScript } from "../../compiler/typescript.js";
import type { ValuePath } from "../../errors/diagnostics.js";
import { ROOT } from "../helpers/gp.js";
import { temporaryDirectory } from "../helpers/temp.js";
import { TypeScriptLocator } from "../helpers/typescript-locator.js";

/**
 * gp places a problem in a blueprint with its own reader of literals; TypeScript 6's parser,
 * which it used before, is the reference. Over every script of this repository (blueprints,
 * profiles, tests, gp itself), from every call with arguments, each path into the literal
 * passed (property names and array indexes, through wrappers and helpers, and paths that lead
 * nowhere) is placed alike by both, as a value and as a key, and so is each call itself. Files
 * with syntax errors are left out: a blueprint with one never runs, so nothing in it is placed.
 */
const ts = loadTypeScript();

function scripts(): string[] {
  const listed = execFileSync("git", ["ls-files", "*.ts", "*.mts", "*.js", "*.mjs"], { cwd: ROOT, encoding: "utf8" });
  return listed.split("\n").filter((file) => file !== "").map((file) => join(ROOT, file));
}

/** The paths into a literal, as TypeScript's syntax tree shows them: at most `limit` of them. */
function pathsInto(node: TS.Node, limit: number): ValuePath[] {
  const paths: ValuePath[] = [[], ["absent"], [0], ["absent", 1]];
  const walk = (from: TS.Node, path: ValuePath, depth: number): void => {
    let value = from;
    while (ts.isParenthesizedExpression(value) || ts.isAsExpression(value) || ts.isSatisfiesExpression(value) || ts.isNonNullExpression(value)) value = value.expression;
    if (depth > 8 || paths.length >= limit) return;
    if (ts.isObjectLiteralExpression(value)) {
      for (const property of value.properties) {
        const name = property.name;
        if (name === undefined || !(ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name))) continue;
        paths.push([...path, name.text]);
        if (ts.isPropertyAssignment(property)) walk(property.initializer, [...path, name.text], depth + 1);
      }
    } else if (ts.isArrayLiteralExpression(value)) {
      value.elements.forEach((element, index) => {
        paths.push([...path, index]);
        walk(element, [...path, index], depth + 1);
      });
    } else if (ts.isCallExpression(value)) {
      for (const argument of value.arguments) walk(argument, path, depth + 1);
    }
  };
  walk(node, [], 0);
  return paths;
}

/** Each path into the literal of every call of `file` placed by both walks, as a value and as a key, and each call; what differs. */
function differencesIn(file: string): { compared: number; differences: string[] } {
  const text = readFileSync(file, "utf8");
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const differences: string[] = [];
  let compared = 0;
  // Blueprints with syntax errors stop before they run: nothing in them is ever placed.
  if ((sourceFile as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length > 0) return { compared, differences };
  const ours = new SourceLocator();
  const reference = new TypeScriptLocator();
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.expression.getStart(sourceFile));
      const site = { file, line: line + 1, column: character + 1 };
      const where = `${file}:${site.line}:${site.column}`;
      for (const path of pathsInto(node.arguments[0] as TS.Node, 60)) {
        for (const target of ["value", "key"] as const) {
          compared += 1;
          const found = JSON.stringify(ours.locate(site, path, target));
          const expected = JSON.stringify(reference.locate(site, path, target));
          if (found !== expected) differences.push(`${where} ${JSON.stringify(path)} ${target}: ${found}, TypeScript ${expected}`);
        }
      }
      compared += 1;
      const found = JSON.stringify(ours.locateCall(site));
      const expected = JSON.stringify(reference.locateCall(site));
      if (found !== expected) differences.push(`${where} the call: ${found}, TypeScript ${expected}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { compared, differences };
}

/** Blueprints written the ways TypeScript allows and the repository does not show. */
const WRITTEN_OTHERWISE: Record<string, string> = {
  "no semicolons": `const base = { packages: ["a/b", "c/d"] }
const other = { use: { "a/b": ["x"] } }
export default defineImage({ ...base, ...other, name: "n" })
`,
  "type arguments and annotations with commas": `const pick = <A, B>(a: A, _b: B): Map<A, B> => new Map<A, B>([[a, _b]]);
export default defineImage<Spec, Other>({
  packages: [f<A, B>(1), x as Record<string, number>, y satisfies Map<K, V>, (z): Map<A, B> => z, "e/f"],
  use: { "a/b": ["x"] as const, "c/d": (["y"]) as readonly string[] },
  name: pick<string, number>("n", 1) as string,
});
`,
  "comparisons that look like type arguments": `export default defineImage({ packages: [a < b, c > d, "x/y", a < b, c > (d)], name: "n" });`,
  "regular expressions, comments and templates with brackets": `export default defineImage({
  // a comment with { and [ and (
  packages: [/[)}\]]/.source, \`a\${ { b: [1, 2] }.b }\`, /* ( */ "c/d", \`x\${\`y\${"}"}\`}\`, "e/f"],
  name: "n" /* } */,
});
`,
  "computed, quoted, numeric and escaped keys": `const KEY = "a/b";
const NUMBER = 2;
export default defineImage({
  use: { [KEY]: ["x"], ["c/d"]: ["y"], "e\u002ff": ["z"], 'g/h': ["w"], 1.0: ["v"], 0x10: ["u"], [NUMBER]: ["t"], default: ["s"], new: ["r"] },
  name: "n",
});
`,
  "methods, accessors and shorthands": `const name = "n";
export default defineImage({ name, get packages() { return ["a/b"]; }, async use() {}, *files() {}, arch: { x86_64: { packages: ["c/d"] } } });
`,
  "non-null, parentheses and wrappers in a row": `const spec = ({ packages: ["a/b"], name: "n" } satisfies Spec)!;
export default defineImage(((spec as Spec)!));
`,
  "spreads and holes": `export default defineImage({ packages: ["a/b", ...more, "c/d"], use: { ...x, "e/f": ["y"], ...z }, services: [, "s"], name: "n" });`,
  "helpers with options": `export default defineImage({ files: { "/etc/a": text("x", { mode: 0o600, owner: "root" }), "/etc/b": file("./b") }, packages: [remove("a/b")], name: "n" });`,
  "line breaks CRLF, CR, U+2028": 'export default defineImage({\r\n  packages: ["a/b",\r  "c/d"],\u2028  name: "n",\r\n});\r\n',
  "calls on members, optional chains and new": `export default gp.images?.defineImage!({ packages: new Set(["a/b"]), use: new Map<string, string[]>().get("x") ?? {}, name: "n" });
const built = new Builder({ packages: ["a/b"] }).with({ name: "n" });
`,
  "a call inside a template and one after a statement's condition": `if (ready) (images as Images).define({ name: "n", packages: ["a/b"] });
log(\`\${defineImage({ name: "t", packages: ["c/d"] }).name}\`);
`,
};

describe("placing problems without TypeScript", () => {
  it("finds the same places as TypeScript 6's parser in every script of the repository", () => {
    const differences: string[] = [];
    let compared = 0;
    for (const file of scripts()) {
      const found = differencesIn(file);
      compared += found.compared;
      differences.push(...found.differences.map((difference) => difference.slice(ROOT.length + 1)));
    }
    expect(compared).toBeGreaterThan(100_000);
    expect(differences.slice(0, 30), `${differences.length} of ${compared} places differ`).toEqual([]);
  }, 300_000);

  for (const [what, source] of Object.entries(WRITTEN_OTHERWISE)) {
    it(`finds the same places as TypeScript 6's parser in a blueprint with ${what}`, () => {
      const file = join(temporaryDirectory(), "written.image.ts");
      writeFileSync(file, source);
      const { compared, differences } = differencesIn(file);
      expect(compared).toBeGreaterThan(5);
      expect(differences).toEqual([]);
    });
  }
});
