import { describe, expect, it } from "vitest";
import { parseEbuildAssignments } from "../../../portage/repository/ebuild-assignments.js";

const PHP = { CATEGORY: "dev-lang", PN: "php", PV: "8.3.1", PR: "r1", PVR: "8.3.1-r1", P: "php-8.3.1", PF: "php-8.3.1-r1" };

describe("ebuild assignments", () => {
  it("reads double-quoted, single-quoted and bare values", () => {
    const { values, unexpanded } = parseEbuildAssignments(`EAPI=8\nDESCRIPTION="The PHP language"\nLICENSE='PHP-3.01 BSD'\nSLOT=0\nKEYWORDS="amd64 ~arm64"\n`);
    expect(values).toEqual({ DESCRIPTION: "The PHP language", LICENSE: "PHP-3.01 BSD", SLOT: "0", KEYWORDS: "amd64 ~arm64" });
    expect(unexpanded).toEqual([]);
  });

  it("reads a value that spans lines, collapsing its white space", () => {
    const { values } = parseEbuildAssignments('IUSE="\n\tacl +ssl\n\t-doc\n"\nSLOT="0"\n');
    expect(values.IUSE).toBe("acl +ssl -doc");
    expect(values.SLOT).toBe("0");
  });

  it("appends with += and replaces with =", () => {
    const { values } = parseEbuildAssignments('IUSE="a"\nIUSE+=" b"\nKEYWORDS="x86"\nKEYWORDS="amd64"\n');
    expect(values).toEqual({ IUSE: "a b", KEYWORDS: "amd64" });
  });

  it("expands the variables Portage sets and those the ebuild assigns literally", () => {
    const { values, unexpanded } = parseEbuildAssignments('MY_PN="PHP"\nDESCRIPTION="${MY_PN} ${PV} for $PN"\nSLOT="$(ver_cut 1-2)"\n', PHP);
    expect(values.DESCRIPTION).toBe("PHP 8.3.1 for php");
    expect(unexpanded.map((reference) => reference.reference)).toEqual(["$(ver_cut 1-2)"]);
  });

  it("keeps the literal words of a value with an unknown variable and says where the variable stands", () => {
    const { values, unexpanded } = parseEbuildAssignments('EAPI=8\n\nIUSE="doc\n\t${PYTHON_DEPS} test"\n', PHP);
    expect(values.IUSE).toBe("doc test");
    expect(unexpanded).toEqual([{ variable: "IUSE", reference: "${PYTHON_DEPS}", line: 4, column: 2 }]);
  });

  it("drops a whole word that holds an unknown variable", () => {
    expect(parseEbuildAssignments('IUSE="python_targets_${X} ssl"\n').values.IUSE).toBe("ssl");
  });

  it("keeps the slot when only its sub-slot cannot be expanded, without a warning", () => {
    const { values, unexpanded } = parseEbuildAssignments('SLOT="0/$(ver_cut 1)"\n');
    expect(values.SLOT).toBe("0/");
    expect(unexpanded).toEqual([]);
  });

  it("reads a self-reference as the value so far", () => {
    expect(parseEbuildAssignments('IUSE="a"\nIUSE="${IUSE} b"\n').values.IUSE).toBe("a b");
    expect(parseEbuildAssignments('IUSE="${IUSE} b"\n').unexpanded).toEqual([]);
  });

  it("reads assignments after || and inside if blocks, but not in comments", () => {
    const { values } = parseEbuildAssignments('# KEYWORDS="nope"\nif [[ ${PV} == 9999 ]]; then\n\tinherit git-r3\nelse\n\tKEYWORDS="~amd64"\nfi\n[[ ${PV} == *9999* ]] || LICENSE="MIT"\n');
    expect(values).toEqual({ KEYWORDS: "~amd64", LICENSE: "MIT" });
  });

  it("skips arrays such as PYTHON_COMPAT without reading into them", () => {
    const { values } = parseEbuildAssignments('PYTHON_COMPAT=( python3_{11..13} )\nIUSE="test"\n');
    expect(values).toEqual({ IUSE: "test" });
  });

  it("joins lines continued with a backslash and resolves escapes", () => {
    expect(parseEbuildAssignments('DESCRIPTION="A \\"quoted\\" \\\nword"\n').values.DESCRIPTION).toBe('A "quoted" word');
  });

  it("reads ANSI-C quoting without losing track of quotes", () => {
    const { values, problems } = parseEbuildAssignments("SEPARATOR=$'\\''\nIUSE=\"ok\"\n");
    expect(values).toEqual({ IUSE: "ok" });
    expect(problems).toEqual([]);
  });

  it("does not expand a variable the ebuild builds from something unknown", () => {
    const { values, unexpanded } = parseEbuildAssignments('for card in ${CARDS}; do\n\tIUSE_CARDS+=" video_cards_${card}"\ndone\nIUSE="${IUSE_CARDS} X"\n');
    expect(values.IUSE).toBe("X");
    expect(unexpanded).toEqual([{ variable: "IUSE", reference: "${IUSE_CARDS}", line: 4, column: 7 }]);
  });

  it("reports a quote that never closes", () => {
    const { problems } = parseEbuildAssignments('SLOT="0\nKEYWORDS=amd64\n');
    expect(problems).toEqual([{ line: 1, column: 6, message: "The quote that starts the value of SLOT never closes." }]);
  });

  it("shortens a command substitution that spans lines to its first line", () => {
    const { unexpanded } = parseEbuildAssignments('LICENSE="MIT $(echo\n BSD)"\n');
    expect(unexpanded[0]?.reference).toBe("$(echo…");
  });
});
