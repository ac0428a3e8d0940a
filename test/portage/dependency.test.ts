import { describe, expect, it } from "vitest";
import { scanDependencies, scanLicense } from "../../portage/dependency.js";

const problems = (text: string) => scanDependencies(text).problems.map((problem) => problem.message);

describe("dependency specifications as PMS reads them", () => {
  it("accepts atoms, blockers, slot operators, USE dependencies and nested groups", () => {
    const text = `
      >=dev-lang/python-3.12:3.12[sqlite,ssl(+)]
      !app-misc/old !!<sys-apps/older-2
      dev-libs/openssl:=
      || ( app-misc/a ( app-misc/b app-misc/c ) )
      ssl? ( dev-libs/openssl ) !debug? ( app-misc/quiet )
    `;
    const scan = scanDependencies(text);
    expect(scan.problems).toEqual([]);
    expect(scan.conditionalFlags).toEqual(["ssl", "debug"]);
    expect(scan.atoms).toContain("!!<sys-apps/older-2");
  });

  it("refuses an ideographic space between atoms, which bash does not split on", () => {
    // app-crypt/private-ca-tool once shipped exactly this, and its metadata was invalid.
    expect(problems("dev-libs/openssl\u3000dev-libs/nss")).toEqual([
      '"dev-libs/openssl\u3000dev-libs/nss" holds an ideographic space (U+3000), which bash does not split on, so Portage reads one invalid token; use an ASCII space or line break',
    ]);
    expect(problems("a/b\u00a0c/d")[0]).toContain("no-break space (U+00A0)");
    expect(problems("a/b\r")[0]).toContain("carriage return");
  });

  it("reports groups that are not closed, closed twice, empty or glued to their parentheses", () => {
    expect(problems("|| ( a/b")).toEqual(['the group opened by "||" is never closed']);
    expect(problems("a/b )")).toEqual(['")" closes no group']);
    expect(problems("|| ( )")).toEqual(['the group "|| ( )" is empty']);
    expect(problems("|| (a/b c/d)")).toEqual(['"||" must be followed by a group in parentheses, as in `|| ( … )`', '"(a/b" needs spaces around its parentheses', '"c/d)" needs spaces around its parentheses']);
    expect(problems("ssl? a/b")).toEqual(['"ssl?" must be followed by a group in parentheses, as in `ssl? ( … )`']);
  });

  it("refuses what ebuild dependencies cannot hold: repositories, REQUIRED_USE operators, bad atoms", () => {
    expect(problems("app-misc/a::gentoo")).toEqual(['"app-misc/a::gentoo" names a repository, which ebuilds cannot do']);
    expect(problems("^^ ( a/b c/d )")).toEqual(['"^^" belongs in REQUIRED_USE, not here']);
    expect(problems("screen")[0]).toMatch(/^"screen" is not a valid atom/);
    expect(problems("app-misc/screen-4.9")[0]).toMatch(/ends in a version/);
  });

  it("checks license expressions with the same grammar", () => {
    expect(scanLicense("|| ( MIT Apache-2.0 ) ssl? ( openssl )").problems).toEqual([]);
    expect(scanLicense("MIT, GPL-2").problems.map((problem) => problem.message)).toEqual(['"MIT," is not a valid license name']);
  });
});
