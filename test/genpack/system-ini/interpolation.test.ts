import { describe, expect, it } from "vitest";
import { iniValue } from "../../../genpack/system-ini/interpolation.js";
import type { ParsedIni } from "../../../genpack/system-ini/parsed-ini.js";
import { readSystemIni } from "../../../genpack/system-ini/read-system-ini.js";

function read(text: string): ParsedIni {
  return readSystemIni(new TextEncoder().encode(text));
}

function errorOf(text: string, section: string, key: string): string | undefined {
  const value = iniValue(read(text), section, key);
  return value?.ok === false ? value.error : undefined;
}

describe("iniValue: ConfigParser.get() with BasicInterpolation", () => {
  it("looks the key up lower-cased, in the section and then in [DEFAULT]", () => {
    const parsed = read("[DEFAULT]\nzone = Asia/Tokyo\n[s]\nName = x\n");
    expect(iniValue(parsed, "s", "NAME")).toEqual({ ok: true, value: "x" });
    expect(iniValue(parsed, "s", "zone")).toEqual({ ok: true, value: "Asia/Tokyo" });
    expect(iniValue(parsed, "_default", "zone")).toEqual({ ok: true, value: "Asia/Tokyo" });
    expect(iniValue(parsed, "DEFAULT", "zone")).toEqual({ ok: true, value: "Asia/Tokyo" });
  });

  it("is undefined for an absent key or section, as get() with a fallback", () => {
    const parsed = read("a = 1\n");
    expect(iniValue(parsed, "_default", "b")).toBeUndefined();
    expect(iniValue(parsed, "nowhere", "a")).toBeUndefined();
    expect(iniValue(parsed, "S", "a")).toBeUndefined();
  });

  it("turns %% into % and %(name)s into name's value, looked up lower-cased through the same section and [DEFAULT]", () => {
    const parsed = read("[DEFAULT]\nroot = /srv\n[s]\nDir = %(ROOT)s/data\nfull = %(dir)s/x 100%%\n");
    expect(iniValue(parsed, "s", "full")).toEqual({ ok: true, value: "/srv/data/x 100%" });
  });

  it("does not look into other sections", () => {
    expect(errorOf("a = 1\n[s]\nb = %(a)s\n", "s", "b")).toBe("interpolation-missing-option");
  });

  it("raises InterpolationSyntaxError for a lone %, as a Wi-Fi password with a % does", () => {
    const value = iniValue(read("wifi_key = 50%off\n"), "_default", "wifi_key");
    expect(value).toMatchObject({ ok: false, error: "interpolation-syntax" });
    expect(value?.ok === false && value.message).toContain("write `%%` for a percent sign");
    expect(errorOf("a = 100%\n", "_default", "a")).toBe("interpolation-syntax");
  });

  it("raises InterpolationSyntaxError for a %( that is not %(name)s", () => {
    for (const bad of ["%(a)x", "%()s", "%(a", "%("]) expect(errorOf(`a = 1\nb = ${bad}\n`, "_default", "b")).toBe("interpolation-syntax");
  });

  it("expands references in references, and raises InterpolationDepthError past ten levels or on a loop", () => {
    const chain = (length: number) => Array.from({ length }, (_, index) => `r${index} = %(r${index + 1})s`).join("\n") + `\nr${length} = end\n`;
    expect(iniValue(read(chain(10)), "_default", "r0")).toEqual({ ok: true, value: "end" });
    expect(errorOf(chain(11), "_default", "r0")).toBe("interpolation-depth");
    expect(errorOf("a = %(a)s\n", "_default", "a")).toBe("interpolation-depth");
  });

  it("counts a level for a referenced value holding only %%, as Python does", () => {
    const chain = Array.from({ length: 11 }, (_, index) => `r${index} = %%%(r${index + 1})s`).join("\n") + "\nr11 = %%\n";
    expect(errorOf(chain, "_default", "r0")).toBe("interpolation-depth");
  });

  it("expands values that refer to each other many times over in time linear in what they hold", () => {
    const lines = Array.from({ length: 9 }, (_, index) => `r${index} = ${`%(r${index + 1})s`.repeat(4)}`);
    const started = performance.now();
    const value = iniValue(read(`${lines.join("\n")}\nr9 = x\n`), "_default", "r0");
    expect(performance.now() - started).toBeLessThan(500);
    expect(value).toEqual({ ok: true, value: "x".repeat(4 ** 9) });
  });

  it("refuses a value whose references multiply past a mebibyte, where Python would build it until memory runs out", () => {
    const lines = Array.from({ length: 9 }, (_, index) => `r${index} = ${`%(r${index + 1})s`.repeat(9)}`);
    const value = iniValue(read(`${lines.join("\n")}\nr9 = x\n`), "_default", "r0");
    expect(value?.ok === false ? value.error : undefined).toBe("interpolation-too-large");
  });
});
