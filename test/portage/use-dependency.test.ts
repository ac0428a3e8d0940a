import { describe, expect, it } from "vitest";
import { checkAtom } from "../../portage/atom.js";
import { installedUse, parseUseDependencies, satisfiesUseDependencies, UseDependencyError, wantedState } from "../../portage/use-dependency.js";

/** Whether a package built with `use` out of `iuse` satisfies `[deps]` asked for by a parent built with `parent`. */
const satisfies = (deps: string, target: { use?: string; iuse?: string; iuseEffective?: string }, parent?: string) =>
  satisfiesUseDependencies(parseUseDependencies(deps), installedUse(target.use ?? "", target.iuse ?? "", target.iuseEffective), parent === undefined ? undefined : new Set(parent.split(" ").filter((flag) => flag !== "")));

const reason = (deps: string) => {
  try {
    parseUseDependencies(deps);
  } catch (error) {
    expect(error).toBeInstanceOf(UseDependencyError);
    return (error as Error).message;
  }
  throw new Error(`[${deps}] was accepted`);
};

describe("USE dependency syntax", () => {
  it("reads each of the six forms, with (+) and (-) defaults, in a comma list", () => {
    expect(parseUseDependencies("a,-b,c=,!d=,e?,!f?").map(({ flag, form }) => [flag, form])).toEqual([
      ["a", "enabled"],
      ["b", "disabled"],
      ["c", "same"],
      ["d", "opposite"],
      ["e", "if-enabled"],
      ["f", "if-disabled"],
    ]);
    expect(parseUseDependencies("ssl(+),-static-libs(-),python_targets_python3_12(-)?,!gtk(+)=")).toEqual([
      { text: "ssl(+)", flag: "ssl", form: "enabled", missing: "enabled" },
      { text: "-static-libs(-)", flag: "static-libs", form: "disabled", missing: "disabled" },
      { text: "python_targets_python3_12(-)?", flag: "python_targets_python3_12", form: "if-enabled", missing: "disabled" },
      { text: "!gtk(+)=", flag: "gtk", form: "opposite", missing: "enabled" },
    ]);
  });

  it.each([
    ["", "an item between commas is empty"],
    ["ssl,", "an item between commas is empty"],
    ["!ssl", '"!ssl" negates nothing: `!` needs `=` or `?` after the flag'],
    ["-ssl?", '"-ssl?" mixes `-` with `?`; the conditional forms negate with `!`, as in `!ssl?`'],
    ["-ssl=", '"-ssl=" mixes `-` with `=`'],
    ["ssl?(+)", 'in "ssl?(+)" the default goes right after the flag name: "ssl(+)?"'],
    ["ssl(*)", '"(*)" in "ssl(*)" is not a default; write `(+)` or `(-)`'],
    ["_ssl", '"_ssl" in "_ssl" is not a valid USE flag name'],
    ["ssl=?", '"ssl=?" is not of the form'],
    ["ssl(+),-ssl(-)", '"ssl(+)" and "-ssl(-)" give the flag "ssl" different defaults'],
    ["ssl(+),ssl=", '"ssl(+)" gives the flag "ssl" a default and "ssl=" does not'],
    ["ssl?,-ssl(-)", '"-ssl(-)" gives the flag "ssl" a default and "ssl?" does not'],
  ])("refuses [%s] with the reason", (deps, expected) => {
    const message = reason(deps);
    expect(message.startsWith(`"[${deps}]" is not a valid USE dependency: `)).toBe(true);
    expect(message).toContain(expected);
  });

  it("makes checkAtom refuse what Portage refuses, with the same reason", () => {
    expect(checkAtom("dev-libs/foo[ssl(+),-static-libs,gtk=,!qt?]")).toBeUndefined();
    expect(checkAtom("dev-libs/foo[!ssl]")).toContain('"[!ssl]" is not a valid USE dependency: "!ssl" negates nothing');
  });
});

describe("USE dependencies against an installed package", () => {
  it("[flag] needs the flag enabled and [-flag] needs it disabled", () => {
    expect(satisfies("ssl", { use: "ssl", iuse: "ssl" })).toBe(true);
    expect(satisfies("ssl", { use: "", iuse: "ssl" })).toBe(false);
    expect(satisfies("-ssl", { use: "", iuse: "ssl" })).toBe(true);
    expect(satisfies("-ssl", { use: "ssl", iuse: "ssl" })).toBe(false);
    expect(satisfies("ssl,-static-libs", { use: "ssl", iuse: "ssl static-libs" })).toBe(true);
    expect(satisfies("ssl,-static-libs", { use: "ssl static-libs", iuse: "ssl static-libs" })).toBe(false);
  });

  it("reads IUSE without its +/- defaults, and counts IUSE_EFFECTIVE and the built USE as known flags", () => {
    expect(satisfies("-ssl", { use: "", iuse: "+ssl" })).toBe(true);
    expect(satisfies("-static-libs", { use: "", iuse: "-static-libs" })).toBe(true);
    expect(satisfies("-elibc_musl", { use: "elibc_glibc", iuseEffective: "elibc_glibc elibc_musl" })).toBe(true);
    expect(satisfies("amd64", { use: "amd64", iuse: "" })).toBe(true);
  });

  it("takes the (+) or (-) default for a flag missing from IUSE", () => {
    expect(satisfies("ssl(+)", { iuse: "" })).toBe(true);
    expect(satisfies("ssl(-)", { iuse: "" })).toBe(false);
    expect(satisfies("-ssl(-)", { iuse: "" })).toBe(true);
    expect(satisfies("-ssl(+)", { iuse: "" })).toBe(false);
  });

  it("ignores the default for a flag the package has", () => {
    expect(satisfies("ssl(+)", { use: "", iuse: "ssl" })).toBe(false);
    expect(satisfies("-ssl(-)", { use: "ssl", iuse: "ssl" })).toBe(false);
  });

  it("does not match a package missing the flag from IUSE when no default is given, in every form", () => {
    for (const deps of ["ssl", "-ssl", "ssl=", "!ssl=", "ssl?", "!ssl?"]) {
      expect(satisfies(deps, { iuse: "other" }, "ssl")).toBe(false);
      expect(satisfies(deps, { iuse: "other" }, "")).toBe(false);
      expect(satisfies(deps, { iuse: "other" })).toBe(false);
    }
  });

  // PMS §8.3.4, table 8.4: what each conditional form asks of the target, by the parent's flag.
  it.each([
    ["ssl=", "ssl", "enabled"],
    ["ssl=", "", "disabled"],
    ["!ssl=", "ssl", "disabled"],
    ["!ssl=", "", "enabled"],
    ["ssl?", "ssl", "enabled"],
    ["ssl?", "", undefined],
    ["!ssl?", "ssl", undefined],
    ["!ssl?", "", "disabled"],
  ] as const)("evaluates [%s] with the parent's USE %j to ask for %s", (deps, parent, wanted) => {
    const [dependency] = parseUseDependencies(deps);
    expect(wantedState(dependency!, new Set(parent === "" ? [] : [parent]))).toBe(wanted);
    const enabledTarget = satisfies(deps, { use: "ssl", iuse: "ssl" }, parent);
    const disabledTarget = satisfies(deps, { use: "", iuse: "ssl" }, parent);
    expect([enabledTarget, disabledTarget]).toEqual([wanted !== "disabled", wanted !== "enabled"]);
  });

  it("evaluates conditional forms against the parent's flag, not the target's", () => {
    expect(satisfies("ssl=", { use: "", iuse: "ssl" }, "ssl")).toBe(false);
    expect(satisfies("ssl=", { use: "", iuse: "ssl" }, "other")).toBe(true);
  });

  it("applies the default of a conditional form once it is evaluated", () => {
    expect(satisfies("ssl(+)=", { iuse: "" }, "ssl")).toBe(true);
    expect(satisfies("ssl(+)=", { iuse: "" }, "")).toBe(false);
    expect(satisfies("ssl(-)?", { iuse: "" }, "")).toBe(true);
  });

  it("lets conditional forms ask for nothing but the flag in IUSE when there is no parent, as Portage matches an unevaluated atom", () => {
    expect(satisfies("ssl=,!gtk?", { use: "", iuse: "ssl gtk" })).toBe(true);
    expect(satisfies("ssl=", { use: "", iuse: "" })).toBe(false);
    expect(satisfies("ssl(-)=", { use: "", iuse: "" })).toBe(true);
  });

  it("never matches a flag asked for both enabled and disabled", () => {
    expect(satisfies("ssl,-ssl", { use: "ssl", iuse: "ssl" })).toBe(false);
    expect(satisfies("ssl,-ssl", { use: "", iuse: "ssl" })).toBe(false);
  });
});

describe("which flags a built package knows", () => {
  it("counts the built USE as known from EAPI 5 on, and before only what IUSE, IUSE_EFFECTIVE or the profile's implicit flags hold", () => {
    expect([...installedUse("gtk ssl", "ssl", "", { eapi: "8" }).iuse].sort()).toEqual(["gtk", "ssl"]);
    expect([...installedUse("gtk ssl", "ssl", "", { eapi: "4" }).use]).toEqual(["ssl"]);
    expect([...installedUse("gtk amd64", "", "", { eapi: "", implicit: new Set(["amd64"]) }).use]).toEqual(["amd64"]);
  });
});
