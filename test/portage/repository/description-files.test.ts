import { describe, expect, it } from "vitest";
import { describedNames, parseDescriptionLines, parseUseLocalDesc } from "../../../portage/repository/description-files.js";

describe("description files", () => {
  it("reads name - description lines, skipping comments and blank lines", () => {
    const { entries, problems } = parseDescriptionLines("# USE flags\n\nssl - Add support for SSL/TLS - via OpenSSL\nX - Add support for X11\n");
    expect(entries).toEqual([
      { name: "ssl", description: "Add support for SSL/TLS - via OpenSSL", line: 3 },
      { name: "X", description: "Add support for X11", line: 4 },
    ]);
    expect(problems).toEqual([]);
  });

  it("accepts an empty description", () => {
    expect(parseDescriptionLines("odd -\n").entries).toEqual([{ name: "odd", description: "", line: 1 }]);
  });

  it("reports a line without the separator with its line number", () => {
    expect(parseDescriptionLines("ok - fine\nbroken line\n").problems).toEqual([{ line: 2, message: '"broken line" is not a "name - description" line.' }]);
  });

  it("keeps the first description of a name written twice", () => {
    expect(describedNames(parseDescriptionLines("a - first\na - second\n").entries)).toEqual(new Map([["a", "first"]]));
  });

  it("reads use.local.desc as package → flag → description", () => {
    const { packages, problems } = parseUseLocalDesc("app-admin/ansible:test - Run the tests\ndev-lang/php:fpm - FastCGI process manager\nnot-an-atom - nothing\n");
    expect(packages.get("dev-lang/php")).toEqual(new Map([["fpm", "FastCGI process manager"]]));
    expect(packages.get("app-admin/ansible")?.get("test")).toBe("Run the tests");
    expect(problems).toEqual([{ line: 3, message: '"not-an-atom" is not "category/name:flag".' }]);
  });
});
