import { readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { typecheck, type CheckerName } from "../../compiler/typecheck.js";
import type { Diagnostic } from "../../errors/diagnostics.js";
import { catalogDeclarations } from "../../compiler/catalog/catalog-declarations.js";
import { gentooSizedCatalogData, smallCatalogData } from "./catalog-check/catalog-data.js";
import { ROOT } from "../helpers/gp.js";
import { skipFor } from "../helpers/skip.js";
import { temporaryDirectory } from "../helpers/temp.js";
import { nativeCheckerSupport } from "../helpers/native-checker.js";

/**
 * TypeScript's native compiler and TypeScript 6 judge the same blueprints alike: the same
 * problems, with the same codes, at the same places, with the same related places; their words
 * differ only where TypeScript 7 lists the members of a union type in another order. What gp
 * prints does not differ at all: the problems the native checker finds are worded by
 * TypeScript 6.
 */
const support = nativeCheckerSupport();

/** A union type's members in one order, inside every type a message quotes ('…'). */
function unionsSorted(message: string): string {
  return message.replace(/'([^']*)'/g, (_, type: string) => {
    const members: string[] = [];
    let depth = 0;
    let start = 0;
    for (let at = 0; at < type.length; at += 1) {
      const character = type[at] as string;
      if ("([{<".includes(character)) depth += 1;
      else if (")]}>".includes(character)) depth -= 1;
      else if (depth === 0 && type.startsWith(" | ", at)) {
        members.push(type.slice(start, at));
        start = at + 3;
      }
    }
    members.push(type.slice(start));
    return `'${members.sort().join(" | ")}'`;
  });
}

/** A diagnostic as a comparable line: code, severity, place, related places, message with unions sorted. */
function comparable(diagnostic: Diagnostic): string {
  const place = (location: Diagnostic["location"]) =>
    location === undefined ? "-" : `${location.file}:${location.start?.line}:${location.start?.column}-${location.end?.line}:${location.end?.column}`;
  const related = (diagnostic.related ?? []).map((entry) => `[${place(entry)} ${unionsSorted(entry.message)}]`).join(" ");
  return `${diagnostic.code} ${diagnostic.severity} ${place(diagnostic.location)} ${unionsSorted(diagnostic.message)} ${related}`;
}

async function checkedBy(checker: CheckerName, entries: readonly string[]): Promise<Diagnostic[]> {
  const report = await typecheck(entries, { checker });
  expect(report.checker.name).toBe(checker);
  return report.diagnostics;
}

/** Both checkers' findings on `entries`, and what gp reports by default, which must be TypeScript 6's, word for word. */
async function expectAgreement(entries: readonly string[]): Promise<Diagnostic[]> {
  const native = await checkedBy("typescript-native", entries);
  const typescript = await checkedBy("typescript", entries);
  expect(native.map(comparable)).toEqual(typescript.map(comparable));
  const reported = await typecheck(entries);
  expect(reported.checker.name).toBe("typescript-native");
  expect(reported.diagnostics).toEqual(typescript);
  if (typescript.length > 0) expect(reported.checker.wordedBy).toMatch(/^6\./);
  return typescript;
}

describe("the native checker and TypeScript 6", skipFor(support.available ? undefined : support.reason), () => {
  it("find the same problems in every blueprint of the malformed suite, checked together", async () => {
    const folder = resolve(ROOT, "test/malformed");
    const entries = readdirSync(folder)
      .filter((name) => name.endsWith(".image.ts"))
      .map((name) => join(folder, name));
    expect(entries.length).toBeGreaterThan(60);
    const found = await expectAgreement(entries);
    // Type errors in a dozen of them; the rest are mistakes only gp's own checks find.
    expect(new Set(found.filter((diagnostic) => diagnostic.code.startsWith("TS")).map((diagnostic) => diagnostic.location?.file)).size).toBeGreaterThan(5);
  }, 120_000);

  it("accept every form of the DSL's type tests, and reject each misuse they mark", async () => {
    const folder = resolve(ROOT, "test/dsl/types");
    const found = await expectAgreement([join(folder, "accepted.ts"), join(folder, "rejected.ts")]);
    expect(found).toEqual([]);
  }, 120_000);

  it("find the same misspelled flag in a project with a small catalog beside the blueprint", async () => {
    const directory = temporaryDirectory();
    writeFileSync(join(directory, "gp-catalog.d.ts"), catalogDeclarations(smallCatalogData()));
    const blueprint = join(directory, "demo.image.ts");
    writeFileSync(
      blueprint,
      `import { defineImage } from "genpack-ts";
export default defineImage({
  name: "demo",
  packages: ["dev-lang/php"],
  use: { "dev-lang/php": ["mysqll", "-gd"] },
});
`,
    );
    const found = await expectAgreement([blueprint]);
    expect(found.map((diagnostic) => diagnostic.code)).toContain("TS2820");
  }, 120_000);

  it("find the same misspelled flag, license and atom with a catalog of the Gentoo tree's size", async () => {
    const data = gentooSizedCatalogData();
    const atoms = Object.keys(data.packages).slice(0, 12);
    const flagOf = (atom: string): string => Object.keys(data.packages[atom]?.flags ?? {})[0] ?? "";
    const directory = temporaryDirectory();
    writeFileSync(join(directory, "gp-catalog.d.ts"), catalogDeclarations(data));
    const blueprint = join(directory, "big.image.ts");
    writeFileSync(
      blueprint,
      `import { defineImage } from "genpack-ts";
export default defineImage({
  name: "big",
  packages: [${atoms.map((atom, index) => JSON.stringify(index === 3 ? `${atom}x` : atom)).join(", ")}],
  use: {
${atoms.map((atom, index) => `    ${JSON.stringify(atom)}: [${JSON.stringify(index === 7 ? `${flagOf(atom)}x` : flagOf(atom))}],`).join("\n")}
  },
  license: { ${JSON.stringify(atoms[5])}: "GPL-22" },
});
`,
    );
    const found = await expectAgreement([blueprint]);
    expect(found.filter((diagnostic) => diagnostic.code === "TS2820").length).toBeGreaterThanOrEqual(3);
  }, 120_000);
});
