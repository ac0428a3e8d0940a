import { describe, expect, it } from "vitest";
import { parseLicenseMapping, spdxLicensing } from "../../../runtime/sbom/license-mapping.js";

/** A license-mapping.conf in Gentoo's layout: SPDX terms on the left, Gentoo names on the right. */
const MAPPING = parseLicenseMapping(
  [
    "# Mapping of SPDX-2.0 licenses to Gentoo repository licenses.",
    "[spdx-to-ebuild]",
    "Apache-2.0 = Apache-2.0",
    "Apache-2.0 WITH LLVM-exception = Apache-2.0-with-LLVM-exceptions",
    "BSD-2-Clause = BSD-2",
    "BSD-2-Clause-Views = BSD-2",
    "GPL-2.0 = GPL-2",
    "GPL-2.0+ = GPL-2+",
    "GPL-2.0-only = GPL-2",
    "GPL-2.0-or-later = GPL-2+",
    "MIT = MIT",
    "Zlib = ZLIB",
    "LicenseRef-Grouped = || ( MIT ZLIB )",
    "not a mapping line",
    "[other-section]",
    "ISC = ISC",
  ].join("\n"),
);

describe("Gentoo's license mapping", () => {
  it("names each Gentoo license by its current SPDX id, preferring -only and -or-later over deprecated forms", () => {
    expect(MAPPING.get("GPL-2")).toBe("GPL-2.0-only");
    expect(MAPPING.get("GPL-2+")).toBe("GPL-2.0-or-later");
    expect(MAPPING.get("BSD-2")).toBe("BSD-2-Clause");
    expect(MAPPING.get("Apache-2.0-with-LLVM-exceptions")).toBe("Apache-2.0 WITH LLVM-exception");
  });

  it("reads only the spdx-to-ebuild section and only values that are one Gentoo name", () => {
    expect(MAPPING.has("ISC")).toBe(false);
    expect([...MAPPING.keys()].some((name) => name.includes("("))).toBe(false);
  });
});

describe("a LICENSE as SPDX", () => {
  it("gives one SPDX id for one mapped name", () => {
    expect(spdxLicensing("GPL-2", new Set(), MAPPING)).toEqual({ kind: "expression", expression: "GPL-2.0-only", single: true });
  });

  it("turns || groups into OR and plain lists into AND", () => {
    expect(spdxLicensing("|| ( MIT GPL-2+ ) ZLIB", new Set(), MAPPING)).toEqual({ kind: "expression", expression: "(MIT OR GPL-2.0-or-later) AND Zlib", single: false });
    expect(spdxLicensing("|| ( ( MIT ZLIB ) GPL-2 )", new Set(), MAPPING)).toEqual({ kind: "expression", expression: "(MIT AND Zlib) OR GPL-2.0-only", single: false });
  });

  it("reduces USE conditionals with the package's enabled flags first", () => {
    expect(spdxLicensing("MIT ssl? ( Apache-2.0 ) !ssl? ( ZLIB )", new Set(["ssl"]), MAPPING)).toMatchObject({ expression: "MIT AND Apache-2.0" });
    expect(spdxLicensing("MIT ssl? ( Apache-2.0 ) !ssl? ( ZLIB )", new Set(), MAPPING)).toMatchObject({ expression: "MIT AND Zlib" });
  });

  it("keeps an exception as a WITH expression, never as a bare id", () => {
    expect(spdxLicensing("Apache-2.0-with-LLVM-exceptions", new Set(), MAPPING)).toEqual({ kind: "expression", expression: "Apache-2.0 WITH LLVM-exception", single: false });
  });

  it("lists each license by itself, SPDX id or Gentoo name, when a name has no mapping", () => {
    expect(spdxLicensing("|| ( MIT Example-EULA ) GPL-2", new Set(), MAPPING)).toEqual({ kind: "licenses", licenses: [{ id: "MIT" }, { name: "Example-EULA" }, { id: "GPL-2.0-only" }] });
  });

  it("gives no license for an empty LICENSE or one whose conditionals are all off", () => {
    expect(spdxLicensing("", new Set(), MAPPING)).toEqual({ kind: "none" });
    expect(spdxLicensing("doc? ( MIT )", new Set(), MAPPING)).toEqual({ kind: "none" });
  });

  it("rejects unbalanced groups rather than guessing", () => {
    expect(() => spdxLicensing("|| ( MIT", new Set(), MAPPING)).toThrow(/never closed/);
  });
});
