import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogDeclarations } from "../../../compiler/catalog/catalog-declarations.js";
import { catalogNamesOf } from "../../../compiler/catalog-check/catalog-names.js";
import { readCatalogDeclarations, readCatalogFile } from "../../../compiler/catalog-check/read-catalog-declarations.js";
import { temporaryDirectory } from "../../helpers/temp.js";
import { catalogPackage, gentooSizedCatalogData, smallCatalogData } from "./catalog-data.js";

describe("reading catalog declarations", () => {
  it("reads back the names of the declarations gp catalog writes", () => {
    const data = smallCatalogData();
    const { catalog, diagnostics } = readCatalogDeclarations(catalogDeclarations(data), "gp-catalog.d.ts");
    expect(diagnostics).toEqual([]);
    expect(catalog).toEqual(catalogNamesOf(data));
    expect(catalog?.packages.get("sys-apps/busybox")).toEqual(new Set());
    expect(catalog?.useExpand.get("VIDEO_CARDS")).toEqual(new Set(["intel", "radeon"]));
  });

  it("reads names that need escapes, and descriptions that hold what would end a comment or a string", () => {
    const data = smallCatalogData({
      packages: { "x11-libs/gtk+": catalogPackage({ 'say-"hi"': "ends */ early", "a\\b": "", "ünïcode": "" }, 'A "quoted" */ description') },
      licenses: ["LGPL-2.1+", "Artistic-2"],
      profiles: [],
    });
    const { catalog, diagnostics } = readCatalogDeclarations(catalogDeclarations(data), "gp-catalog.d.ts");
    expect(diagnostics).toEqual([]);
    expect(catalog).toEqual(catalogNamesOf(data));
  });

  it("reads the interfaces inside `declare global` too, flags written as a union as well as as words, and leaves out what it does not declare", () => {
    const text = `export {};\ndeclare global {\n  interface GpCatalog {}\n  interface GpCatalogPackages {\n    [atom: \`\${string}/*\`]: string;\n    "app-misc/screen": "pam" | "multiuser", 'dev-lang/php': never; "app-misc/tmux": "utempter  vim-syntax";\n  }\n}\n`;
    const { catalog, diagnostics } = readCatalogDeclarations(text, "hand-written.d.ts");
    expect(diagnostics).toEqual([]);
    expect(catalog).toEqual({
      packages: new Map([
        ["app-misc/screen", new Set(["pam", "multiuser"])],
        ["dev-lang/php", new Set()],
        ["app-misc/tmux", new Set(["utempter", "vim-syntax"])],
      ]),
      useExpand: new Map(),
    });
  });

  it("reads a catalog of Gentoo's size, 19,000 packages in 7 MB, in time linear in its size", () => {
    const text = catalogDeclarations(gentooSizedCatalogData());
    expect(text.length).toBeGreaterThan(6_500_000);
    const started = performance.now();
    const { catalog } = readCatalogDeclarations(text, "gp-catalog.d.ts");
    const elapsed = performance.now() - started;
    expect(catalog?.packages.size).toBe(19_000);
    // About 100 ms on a laptop (npm run bench measures it); the bound only catches a reading
    // that grows faster than the text, which would take minutes at this size.
    expect(elapsed).toBeLessThan(10_000);
  });

  describe("files that are not catalogs", () => {
    const rejected = (text: string) => readCatalogDeclarations(text, "not-a-catalog.d.ts");

    it("rejects a file without `interface GpCatalog`, naming the file", () => {
      expect(rejected("export const x = 1;\ninterface Other { packages: {} }\n")).toEqual({
        diagnostics: [
          {
            code: "GP5105",
            severity: "error",
            message: "not-a-catalog.d.ts is not a catalog that gp catalog writes: it declares no `interface GpCatalog`.",
            location: { file: resolve("not-a-catalog.d.ts") },
            hint: "Write the catalog with `gp catalog --repo PATH -o FILE`, and give that file.",
          },
        ],
      });
    });

    it("rejects a catalog without `interface GpCatalogPackages`", () => {
      const { catalog, diagnostics } = rejected('interface GpCatalog {\n  readonly packages: { readonly "app-misc/screen": "pam" };\n}\n');
      expect(catalog).toBeUndefined();
      expect(diagnostics).toEqual([expect.objectContaining({ code: "GP5105", message: "not-a-catalog.d.ts is not a catalog that gp catalog writes: it declares no `interface GpCatalogPackages`." })]);
    });

    it("points at the first type that is not a union of string literals", () => {
      const { catalog, diagnostics } = rejected('interface GpCatalog {}\ninterface GpCatalogPackages {\n  [atom: GpAtomForm]: string;\n  "app-misc/screen": "pam";\n  "dev-lang/php": string;\n}\n');
      expect(catalog).toBeUndefined();
      expect(diagnostics).toEqual([
        expect.objectContaining({
          code: "GP5105",
          message: "not-a-catalog.d.ts is not a catalog that gp catalog writes: expected a string literal, found `string`; a catalog's types are unions of string literals.",
          location: { file: resolve("not-a-catalog.d.ts"), start: { line: 5, column: 19 } },
        }),
      ]);
    });

    it("points at a string that never ends", () => {
      const { diagnostics } = rejected('interface GpCatalog {}\ninterface GpCatalogPackages {\n  "app-misc/screen": "pam | x;\n}\n');
      expect(diagnostics).toEqual([expect.objectContaining({ code: "GP5105", location: { file: resolve("not-a-catalog.d.ts"), start: { line: 3, column: 31 } } })]);
      expect(diagnostics[0]?.message).toBe("not-a-catalog.d.ts is not a catalog that gp catalog writes: it cannot be read as TypeScript (Unterminated string literal).");
    });

    it("rejects a catalog cut short", () => {
      const whole = catalogDeclarations(smallCatalogData());
      const { catalog, diagnostics } = rejected(whole.slice(0, whole.indexOf('"media-libs/mesa"')));
      expect(catalog).toBeUndefined();
      expect(diagnostics[0]?.message).toBe("not-a-catalog.d.ts is not a catalog that gp catalog writes: expected a member name, found the end of the file.");
    });

    it("rejects useExpand that is not an object type", () => {
      expect(rejected('interface GpCatalog { useExpand: "VIDEO_CARDS"; }\ninterface GpCatalogPackages {}').diagnostics[0]?.message).toBe(
        "not-a-catalog.d.ts is not a catalog that gp catalog writes: `useExpand` is not an object type whose members are unions of string literals.",
      );
    });

    it("rejects an index signature that never ends", () => {
      expect(rejected("interface GpCatalog {}\ninterface GpCatalogPackages {\n  [atom: string\n").diagnostics[0]?.message).toBe(
        "not-a-catalog.d.ts is not a catalog that gp catalog writes: expected the end of an index signature, found the end of the file.",
      );
    });
  });

  describe("reading the file", () => {
    it("reads a catalog file", () => {
      const file = join(temporaryDirectory(), "gp-catalog.d.ts");
      writeFileSync(file, catalogDeclarations(smallCatalogData()));
      expect(readCatalogFile(file).catalog?.packages.size).toBe(5);
    });

    it("reports a missing file and a directory as such", () => {
      const directory = temporaryDirectory();
      const missing = join(directory, "missing.d.ts");
      expect(readCatalogFile(missing)).toEqual({
        diagnostics: [expect.objectContaining({ code: "GP5106", severity: "error", message: `The catalog ${missing} does not exist.`, location: { file: missing } })],
      });
      mkdirSync(join(directory, "folder.d.ts"));
      expect(readCatalogFile(join(directory, "folder.d.ts")).diagnostics[0]?.message).toBe(`The catalog ${join(directory, "folder.d.ts")} is a directory, not a file.`);
    });

    it("names a FIFO as a FIFO instead of waiting for a writer", { timeout: 5_000 }, () => {
      const file = join(temporaryDirectory(), "gp-catalog.d.ts");
      execFileSync("mkfifo", [file]);
      expect(readCatalogFile(file).diagnostics[0]?.message).toBe(`The catalog ${file} is a FIFO, not a file.`);
    });
  });
});
