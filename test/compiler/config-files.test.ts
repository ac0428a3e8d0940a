import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blueprintConfigProblems, ConfigFiles } from "../../compiler/config-files.js";
import { temporaryDirectory } from "../helpers/temp.js";

describe("looking at the config files above a module", () => {
  it("names a FIFO, a device and a link to one, and leaves files, folders, missing names and broken links to the tools", () => {
    const root = temporaryDirectory();
    const cases = {
      fifo: () => execFileSync("mkfifo", [join(root, "fifo", "tsconfig.json")]),
      device: () => symlinkSync("/dev/null", join(root, "device", "package.json")),
      file: () => writeFileSync(join(root, "file", "tsconfig.json"), "{}"),
      folder: () => mkdirSync(join(root, "folder", "package.json")),
      missing: () => undefined,
      broken: () => symlinkSync(join(root, "nowhere"), join(root, "broken", "jsconfig.json")),
    };
    const found: Record<string, string[]> = {};
    for (const [name, plant] of Object.entries(cases)) {
      mkdirSync(join(root, name));
      plant();
      found[name] = blueprintConfigProblems(join(root, name, "case.image.ts")).map((problem) => `${problem.code} ${problem.message.split(":")[0]}`);
    }
    expect(found).toEqual({
      fifo: ["GP1009 tsconfig.json is a FIFO, not a file"],
      device: ["GP1009 package.json is a symbolic link to a character device, not a file"],
      file: [],
      folder: [],
      missing: [],
      broken: [],
    });
  });

  it("knows a problem above a folder for every folder below it, looking at each folder once", () => {
    const root = temporaryDirectory();
    execFileSync("mkfifo", [join(root, "package.json")]);
    const configFiles = new ConfigFiles();
    const first = configFiles.problemsFrom(join(root, "a", "b"));
    expect(first.map((problem) => problem.location?.file)).toEqual([join(root, "package.json")]);
    // Siblings and deeper folders share what was found above them: the same diagnostic, once.
    for (let index = 0; index < 2_000; index++) expect(configFiles.problemsFrom(join(root, "a", `sibling${index}`))).toEqual(first);
    expect(configFiles.problemsFrom(join(root, "a", "b", "c"))[0]).toBe(first[0]);
  });
});

describe("following what a tsconfig.json extends", () => {
  it("names a FIFO or a device a tsconfig.json extends, by a path or by a package's name, through a chain", () => {
    const root = temporaryDirectory();
    const cases: Record<string, () => void> = {
      path: () => {
        writeFileSync(join(root, "path", "tsconfig.json"), '{ "extends": "./base.json" }');
        execFileSync("mkfifo", [join(root, "path", "base.json")]);
      },
      // JSONC, as tsconfig.json files are written: comments and a trailing comma.
      package: () => {
        writeFileSync(join(root, "package", "tsconfig.json"), '// shared\n{ "extends": ["@shared/tsconfig/strict"], }');
        mkdirSync(join(root, "package", "node_modules", "@shared", "tsconfig"), { recursive: true });
        symlinkSync("/dev/zero", join(root, "package", "node_modules", "@shared", "tsconfig", "strict.json"));
      },
      chain: () => {
        writeFileSync(join(root, "chain", "tsconfig.json"), '{ "extends": "./one.json" }');
        writeFileSync(join(root, "chain", "one.json"), '{ "extends": "./two" }');
        execFileSync("mkfifo", [join(root, "chain", "two.json")]);
      },
      loop: () => {
        writeFileSync(join(root, "loop", "tsconfig.json"), '{ "extends": "./other.json" }');
        writeFileSync(join(root, "loop", "other.json"), '{ "extends": "./tsconfig.json" }');
      },
      unparsable: () => writeFileSync(join(root, "unparsable", "tsconfig.json"), '{ "extends": '),
    };
    const found: Record<string, string[]> = {};
    for (const [name, plant] of Object.entries(cases)) {
      mkdirSync(join(root, name));
      plant();
      found[name] = blueprintConfigProblems(join(root, name, "case.image.ts")).map((problem) => `${problem.location?.file?.slice(root.length + 1)}: ${problem.message.split(", so")[0]}`);
    }
    expect(found).toEqual({
      path: ["path/base.json: base.json is a FIFO, not a file: tsconfig.json extends it"],
      package: ["package/node_modules/@shared/tsconfig/strict.json: strict.json is a symbolic link to a character device, not a file: tsconfig.json extends it"],
      chain: ["chain/two.json: two.json is a FIFO, not a file: one.json extends it"],
      loop: [],
      unparsable: [],
    });
  });
});
