import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { codeGroups, codeReference } from "../../errors/code-reference.js";
import { codes } from "../../errors/codes.js";
// @ts-expect-error: a script of the build, without types
import { DOC_PATH, renderErrorCodes } from "../../scripts/error-codes.mjs";
import { ROOT } from "../helpers/gp.js";

/** The folders of gp's sources, where codes are raised. */
const SOURCE_FOLDERS = ["dsl", "errors", "host", "portage", "genpack", "compiler", "runtime", "cli"];
/** The register and its reference name every code without raising it. */
const REGISTER_FILES = new Set(["errors/codes.ts", "errors/code-reference.ts"]);

function sourceFiles(): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  for (const folder of SOURCE_FOLDERS) {
    for (const entry of readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
      const path = relative(ROOT, join(entry.parentPath, entry.name));
      if (!REGISTER_FILES.has(path)) files.push({ path, text: readFileSync(join(ROOT, path), "utf8") });
    }
  }
  return files;
}

describe("the reference of every code", () => {
  it("docs/error-codes.md is what npm run docs writes from the register", () => {
    const written = readFileSync(join(ROOT, DOC_PATH as string), "utf8");
    expect(written, "run npm run build && npm run docs").toBe((renderErrorCodes as (...args: unknown[]) => string)(codes, codeReference, codeGroups));
  });

  it("gives every entry of the register a cause, a fix and an example, and describes nothing else", () => {
    const incomplete = Object.keys(codes).filter((name) => {
      const about = (codeReference as Record<string, { cause?: string; fix?: string; example?: string } | undefined>)[name];
      return about === undefined || [about.cause, about.fix, about.example].some((text) => typeof text !== "string" || text.trim() === "");
    });
    expect(incomplete).toEqual([]);
    expect(Object.keys(codeReference).filter((name) => !(name in codes))).toEqual([]);
  });

  it("puts every code in a group with a title, and no code twice", () => {
    const numbers = Object.values(codes).map((entry) => entry.code);
    expect(numbers.filter((code, index) => numbers.indexOf(code) !== index)).toEqual([]);
    expect(numbers.filter((code) => !/^GP\d{4}$/.test(code) || codeGroups[code.charAt(2)] === undefined)).toEqual([]);
  });

  it("finds every code of the register raised somewhere in the sources, and no code raised that the register lacks", () => {
    const used = new Set<string>();
    const unknown: string[] = [];
    const numbers = new Set<string>(Object.values(codes).map((entry) => entry.code));
    for (const { path, text } of sourceFiles()) {
      // Only files that import the register name its entries as `codes.name`; elsewhere `codes` is some other value.
      const importsRegister = /from "[./]*errors\/codes\.js"|from "\.\/codes\.js"/.test(text);
      for (const [, name] of text.matchAll(/(?<![\w./-])codes\.([A-Za-z]\w*)/g)) {
        if (name === undefined || !importsRegister) continue;
        if (name in codes) used.add(name);
        else unknown.push(`${path}: codes.${name}`);
      }
      for (const [code] of text.matchAll(/\bGP\d{4}\b/g)) if (!numbers.has(code)) unknown.push(`${path}: ${code}`);
    }
    expect(Object.keys(codes).filter((name) => !used.has(name))).toEqual([]);
    expect(unknown).toEqual([]);
  });
});
