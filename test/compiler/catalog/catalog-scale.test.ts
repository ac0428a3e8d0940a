import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CatalogData } from "../../../compiler/catalog/catalog-data.js";
import { catalogDeclarations } from "../../../compiler/catalog/catalog-declarations.js";
import { gentooSizedCatalogData } from "../catalog-check/catalog-data.js";
import { temporaryDirectory } from "../../helpers/temp.js";
import { tscInProject } from "../../helpers/tsc-project.js";

/**
 * `tsc --noEmit` over a project of `blueprint` and the catalog of `data`, as a user's project runs
 * it, with the number of types TypeScript made (`--extendedDiagnostics`).
 */
function tscWithCatalog(data: CatalogData, blueprint: string): { status: number | null; lines: string[]; types: number } {
  const directory = temporaryDirectory();
  writeFileSync(join(directory, "gp-catalog.d.ts"), catalogDeclarations(data));
  writeFileSync(join(directory, "big.image.ts"), blueprint);
  const tsc = tscInProject(directory, ["--extendedDiagnostics"]);
  const lines = tsc.stdout.split("\n").filter((line) => /^\S.*error TS/.test(line));
  return { status: tsc.status, lines, types: Number(/^Types:\s+(\d+)$/m.exec(tsc.stdout)?.[1] ?? Number.NaN) };
}

describe("a catalog of the Gentoo tree's size", () => {
  const data = gentooSizedCatalogData();
  const atoms = Object.keys(data.packages).slice(0, 40);
  const flagOf = (atom: string, index = 0): string => Object.keys(data.packages[atom]?.flags ?? {})[index] ?? "";
  // A dozen entries in each keyed field: TypeScript explains an error inside such an object by
  // intersecting its keys with the type's, 12 × 19,000 of them, unless the type is kept whole.
  const entries = (from: number, value: (atom: string) => string): string =>
    atoms
      .slice(from, from + 12)
      .map((atom) => `    ${JSON.stringify(atom)}: ${value(atom)},`)
      .join("\n");
  const blueprint = (use: (atom: string) => string, license: (atom: string) => string, keywordsAtom: string, packageAtom = atoms[11] ?? "", useAtom = atoms[2] ?? ""): string => `import { defineImage } from "genpack-ts";
export default defineImage({
  name: "big",
  packages: [${[...atoms.slice(0, 11), packageAtom].map((atom) => JSON.stringify(atom)).join(", ")}],
  use: {
${entries(0, use).replace(JSON.stringify(atoms[2]), JSON.stringify(useAtom))}
  },
  license: {
${entries(12, license)}
  },
  acceptKeywords: {
${entries(24, () => "null").replace(JSON.stringify(atoms[30]), JSON.stringify(keywordsAtom))}
  },
});
`;

  it("passes a blueprint whose names it has, and fails tsc at the line of each misspelled flag, license and atom", () => {
    const right = tscWithCatalog(
      data,
      blueprint(
        (atom) => `[${JSON.stringify(flagOf(atom))}, ${JSON.stringify(`-${flagOf(atom, 1)}`)}]`,
        () => '"GPL-2"',
        atoms[30] ?? "",
      ),
    );
    expect(right).toMatchObject({ status: 0, lines: [] });
    // Each atom named is looked up on its own: a type over the whole catalog (the union of its
    // atoms, an object with a member per atom) would make at least one type per atom.
    expect(right.types).toBeLessThan(Object.keys(data.packages).length);

    const misspelledFlag = atoms[7] ?? "";
    const wrong = tscWithCatalog(
      data,
      blueprint(
        (atom) => `[${JSON.stringify(flagOf(atom))}, ${JSON.stringify(atom === misspelledFlag ? `-${flagOf(atom, 1)}x` : `-${flagOf(atom, 1)}`)}]`,
        (atom) => (atom === atoms[20] ? '"GPL-22"' : '"GPL-2"'),
        "cat-0/no-such-package",
        `${atoms[11] ?? ""}x`,
        "cat-0/no-such-use",
      ),
    );
    expect(wrong.status).toBe(2);
    // The packages are on line 4; the entries of use are lines 6 to 17, of license 20 to 31, of
    // acceptKeywords 34 to 45.
    expect(wrong.lines).toEqual([
      expect.stringMatching(new RegExp(`big\\.image\\.ts\\(4,\\d+\\): error TS2820: Type '"${atoms[11]}x"' is not assignable to type .*Did you mean '"${atoms[11]}"'\\?`)),
      expect.stringMatching(/big\.image\.ts\(8,5\): error TS2\d+: .*'NotInCatalog<"cat-0\/no-such-use">'/),
      expect.stringMatching(new RegExp(`big\\.image\\.ts\\(13,38\\): error TS2820: Type '"-${flagOf(misspelledFlag, 1)}x"' is not assignable to type .*Did you mean '"-${flagOf(misspelledFlag, 1)}"'\\?`)),
      expect.stringMatching(/big\.image\.ts\(28,5\): error TS2820: Type '"GPL-22"' is not assignable to type .*Did you mean '"GPL-2"'\?/),
      expect.stringMatching(/big\.image\.ts\(40,5\): error TS2322: Type 'null' is not assignable to type 'NotInCatalog<"cat-0\/no-such-package">'/),
    ]);
    expect(wrong.lines.join("\n")).not.toContain("TS2590");
  }, 60_000);

  it("checks a profile's top level, its arch blocks and its variants at their lines too", () => {
    const misspelledFlag = atoms[7] ?? "";
    const profile = `import { defineProfile } from "genpack-ts";
export default defineProfile({
  packages: [${JSON.stringify(atoms[0])}, ${JSON.stringify(`${atoms[1]}x`)}],
  arch: {
    x86_64: {
      use: {
${entries(0, (atom) => `[${JSON.stringify(atom === misspelledFlag ? `${flagOf(atom)}x` : flagOf(atom))}]`)
  .split("\n")
  .map((line) => `    ${line}`)
  .join("\n")}
      },
    },
  },
  variants: { small: { mask: [${JSON.stringify(`${atoms[2]}x`)}] } },
});
`;
    const checked = tscWithCatalog(data, profile);
    expect(checked.status).toBe(2);
    // The entries of the arch block's use are lines 7 to 18; the variant is on line 22.
    expect(checked.lines).toEqual([
      expect.stringMatching(new RegExp(`big\\.image\\.ts\\(3,\\d+\\): error TS2820: Type '"${atoms[1]}x"' is not assignable to type .*Did you mean '"${atoms[1]}"'\\?`)),
      expect.stringMatching(new RegExp(`big\\.image\\.ts\\(14,\\d+\\): error TS2820: Type '"${flagOf(misspelledFlag)}x"' is not assignable to type .*Did you mean '"${flagOf(misspelledFlag)}"'\\?`)),
      expect.stringMatching(new RegExp(`big\\.image\\.ts\\(22,\\d+\\): error TS2820: Type '"${atoms[2]}x"' is not assignable to type .*Did you mean '"${atoms[2]}"'\\?`)),
    ]);
    expect(checked.lines.join("\n")).not.toContain("TS2590");
  }, 60_000);

  it("accepts specs and lists held in variables, whole or spread, as it accepts them written in place", () => {
    const [first = "", second = "", third = ""] = atoms;
    const checked = tscWithCatalog(
      data,
      `import { defineImage, defineProfile, type ImageSpec, type PackageAtom, type ProfileSpec } from "genpack-ts";
const shared: ImageSpec = { packages: [${JSON.stringify(first)}], use: { ${JSON.stringify(first)}: [${JSON.stringify(flagOf(first))}] }, acceptKeywords: { ${JSON.stringify(second)}: null } };
export const whole = defineImage(shared);
const common: ProfileSpec = { mask: [${JSON.stringify(third)}], license: { ${JSON.stringify(third)}: "GPL-2" } };
export const wholeProfile = defineProfile(common);
export const spread = defineImage({ ...shared, name: "x", packages: [...(shared.packages ?? []), ${JSON.stringify(second)}] });
const atoms: readonly PackageAtom[] = [${JSON.stringify(first)}];
export const list = defineImage({ packages: atoms, mask: [...atoms, ${JSON.stringify(third)}] });
`,
    );
    expect(checked).toMatchObject({ status: 0, lines: [] });
  }, 60_000);
});
