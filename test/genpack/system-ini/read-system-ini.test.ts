import { describe, expect, it } from "vitest";
import type { IniProblem, ParsedIni } from "../../../genpack/system-ini/parsed-ini.js";
import { readSystemIni } from "../../../genpack/system-ini/read-system-ini.js";

const encoder = new TextEncoder();

function read(text: string): ParsedIni {
  return readSystemIni(encoder.encode(text));
}

/** Every section as `{ key: value }`, in file order. */
function values(parsed: ParsedIni): Record<string, Record<string, string>> {
  return Object.fromEntries(parsed.sections.map((section) => [section.name, Object.fromEntries(section.options.map((option) => [option.key, option.value]))]));
}

function kinds(parsed: ParsedIni): string[] {
  return parsed.problems.map((problem) => `${problem.kind}@${problem.span.start.line}:${problem.span.start.column}`);
}

describe("readSystemIni: the file as genpack-init's configparser holds it", () => {
  it("puts keys above the first header in _default, after the header genpack-init prepends", () => {
    const parsed = read("hostname=box\n[greeter]\nname = world\n");
    expect(values(parsed)).toEqual({ _default: { hostname: "box" }, greeter: { name: "world" } });
    expect(parsed.sections[0]?.headerSpan).toBeUndefined();
    expect(parsed.sections[1]?.headerSpan).toEqual({ start: { line: 2, column: 1 }, end: { line: 2, column: 10 } });
  });

  it("holds an empty _default for an empty file", () => {
    expect(read("")).toEqual({ text: "", sections: [{ name: "_default", options: [] }], problems: [] });
  });

  it("splits key and value at the first delimiter, = or :, whichever comes first", () => {
    expect(values(read("a:b=c\nd=e:f\ng : = h\n"))._default).toEqual({ a: "b=c", d: "e:f", g: "= h" });
  });

  it("has no inline comments: # and ; after a value stay in it", () => {
    expect(values(read("timezone=Asia/Tokyo # x\nb = 1 ; 2\n"))._default).toEqual({ timezone: "Asia/Tokyo # x", b: "1 ; 2" });
  });

  it("skips whole-line comments, indented ones too, even inside a value", () => {
    expect(values(read("# top\nkey = one\n  # not a continuation\n  two\n; end\n"))._default).toEqual({ key: "one\ntwo" });
  });

  it("lower-cases keys and keeps the case of section names", () => {
    expect(values(read("WiFi_SSID = x\n[Greeter]\nName = y\n"))).toEqual({ _default: { wifi_ssid: "x" }, Greeter: { name: "y" } });
    const option = read("WiFi_SSID = x\n").sections[0]?.options[0];
    expect(option?.rawKey).toBe("WiFi_SSID");
    expect(option?.keySpan).toEqual({ start: { line: 1, column: 1 }, end: { line: 1, column: 10 } });
  });

  it("continues a value on lines indented deeper than its key, keeps inner empty lines and drops trailing ones", () => {
    const parsed = read("ssh_pubkey = ssh-ed25519 A\n  ssh-ed25519 B\n\n\tssh-rsa C\n\n\nnext = 1\n");
    expect(values(parsed)._default).toEqual({ ssh_pubkey: "ssh-ed25519 A\nssh-ed25519 B\n\nssh-rsa C", next: "1" });
    expect(parsed.sections[0]?.options[0]?.valueSpan).toEqual({ start: { line: 1, column: 14 }, end: { line: 4, column: 11 } });
  });

  it("starts a value with a newline when the key's own line has none", () => {
    expect(values(read("key =\n  first\n"))._default).toEqual({ key: "\nfirst" });
  });

  it("keeps an empty value", () => {
    expect(values(read("key =\nother:\n"))._default).toEqual({ key: "", other: "" });
  });

  it("compares indentation with the key's, so an indented key continues nothing before it", () => {
    expect(values(read("  a = 1\n  b = 2\n    c\n"))._default).toEqual({ a: "1", b: "2\nc" });
  });

  it("lets a line it cannot parse leave the last key open, so a deeper line after it still continues that key", () => {
    const parsed = read("a = 1\ngarbage\n  more\n");
    expect(values(parsed)._default).toEqual({ a: "1\nmore" });
    expect(kinds(parsed)).toEqual(["unparsable-line@2:1"]);
  });

  it("strips the whitespace Python strips: CR, NBSP, NEL and the separators, but not a zero-width space", () => {
    expect(values(read("a = x\r\nb =\u00a0y\u0085\nc = \u200bz\nd = \x1cw\x1f\n"))._default).toEqual({ a: "x", b: "y", c: "\u200bz", d: "w" });
  });

  it("splits lines only at LF: a lone CR stays inside the line", () => {
    expect(values(read("a = 1\rb = 2\n"))._default).toEqual({ a: "1\rb = 2" });
  });

  it("reads a header up to its last ] and ignores what follows", () => {
    expect(read("[a]b] tail\n[ spaced ]\n[x=y]\n").sections.map((section) => section.name)).toEqual(["_default", "a]b", " spaced ", "x=y"]);
  });

  it("takes [] for a key line, not a header", () => {
    const parsed = read("[]\n[]=x\n");
    expect(values(parsed)._default).toEqual({ "[]": "x" });
    expect(kinds(parsed)).toEqual(["unparsable-line@1:1"]);
  });

  it("keeps a value under an empty key, yet reports the line", () => {
    const parsed = read("= value\n");
    expect(values(parsed)._default).toEqual({ "": "value" });
    expect(kinds(parsed)).toEqual(["unparsable-line@1:1"]);
  });

  it("reports each line that is neither header nor key, and reads on", () => {
    const parsed = read("just words\na = 1\n  [[[[\n\t[x\nb = 2\n");
    expect(values(parsed)._default).toEqual({ a: "1\n[[[[\n[x", b: "2" });
    expect(kinds(read("just words\n[[[[\nb = 2\n"))).toEqual(["unparsable-line@1:1", "unparsable-line@2:1"]);
  });

  it("keeps [DEFAULT] as configparser's defaults, and merges a second [DEFAULT] into it", () => {
    const parsed = read("[DEFAULT]\na = 1\n[s]\nb = 2\n[DEFAULT]\nc = 3\n");
    expect(values(parsed)).toEqual({ _default: {}, DEFAULT: { a: "1", c: "3" }, s: { b: "2" } });
    expect(parsed.problems).toEqual([]);
  });

  it("stops at a duplicate section and keeps everything before it, values joined", () => {
    const parsed = read("[greeter]\nname = a\n  b\n[greeter]\nname = c\n");
    expect(values(parsed)).toEqual({ _default: {}, greeter: { name: "a\nb" } });
    expect(parsed.problems).toEqual<IniProblem[]>([
      {
        kind: "duplicate-section",
        span: { start: { line: 4, column: 1 }, end: { line: 4, column: 10 } },
        message: "`[greeter]` appears a second time; genpack-init stops reading system.ini here and ignores every line after it",
        stopsReading: true,
      },
    ]);
  });

  it("takes an explicit [_default] for a duplicate of the prepended one", () => {
    const parsed = read("[_default]\na = 1\n");
    expect(values(parsed)).toEqual({ _default: {} });
    expect(kinds(parsed)).toEqual(["duplicate-section@1:1"]);
  });

  it("stops at a key written twice in one section, in any case, and reports the second", () => {
    const parsed = read("[s]\nKey = 1\nother = 2\nKEY = 3\nafter = 4\n");
    expect(values(parsed).s).toEqual({ key: "1", other: "2" });
    expect(kinds(parsed)).toEqual(["duplicate-option@4:1"]);
    expect(values(read("[s]\nKey = 1\nother = 2\n  KEY = 3\n")).s).toEqual({ key: "1", other: "2\nKEY = 3" });
    const twice = read("Key = 1\nkey = 2\nafter = 3\n");
    expect(values(twice)._default).toEqual({ key: "1" });
    expect(twice.problems[0]).toMatchObject({ kind: "duplicate-option", span: { start: { line: 2, column: 1 } }, stopsReading: true });
    expect(twice.problems[0]?.message).toBe("`key` appears a second time at the top of the file (keys are compared without case); genpack-init stops reading system.ini here and ignores every line after it");
  });

  it("allows the same key in different sections", () => {
    expect(read("a = 1\n[s]\na = 2\n").problems).toEqual([]);
  });

  it("keeps a byte order mark in the first key and says so at line 1, column 1", () => {
    const parsed = readSystemIni(new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode("debug = 1\n")]));
    expect(parsed.text).toBe("\ufeffdebug = 1\n");
    expect(values(parsed)._default).toEqual({ "\ufeffdebug": "1" });
    expect(kinds(parsed)).toEqual(["byte-order-mark@1:1"]);
    expect(parsed.problems[0]?.stopsReading).toBe(false);
  });

  it("reads nothing from bytes that are not UTF-8, and points at the first bad byte", () => {
    const shiftJis = new Uint8Array([...encoder.encode("a = 1\nnaïve = \u3042"), 0x82, 0xa0, 0x0a]);
    const parsed = readSystemIni(shiftJis);
    expect(parsed.text).toBeUndefined();
    expect(parsed.sections).toEqual([]);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ kind: "not-utf8", span: { start: { line: 2, column: 10 } }, stopsReading: true });
    expect(parsed.problems[0]?.message).toContain("byte 0x82 at line 2, column 10");
  });

  it("refuses the UTF-8 Python refuses: surrogates, overlong forms, beyond U+10FFFF, truncated sequences", () => {
    for (const bad of [[0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe0, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe3, 0x81]]) {
      expect(readSystemIni(new Uint8Array([0x61, ...bad])).problems[0]?.span.start).toEqual({ line: 1, column: 2 });
    }
  });

  it("keeps NUL bytes as characters", () => {
    expect(values(read("a = x\u0000y\n"))._default).toEqual({ a: "x\u0000y" });
  });

  it("counts columns in UTF-16 units", () => {
    const option = read("😀 = v\n").sections[0]?.options[0];
    expect(option?.keySpan.end.column).toBe(3);
    expect(option?.valueSpan.start.column).toBe(6);
  });
});

/** Milliseconds of CPU the call takes: a wall clock on a shared machine measures the neighbours too. */
function cpuMilliseconds(run: () => void): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** The CPU time of reading `text`, the least of three reads: the reader's cost, not the machine's hiccups. */
function readCost(text: string): number {
  return Math.min(...[0, 1, 2].map(() => cpuMilliseconds(() => read(text))));
}

describe("readSystemIni on hostile input", () => {
  it("reads 100,000 lines in time that grows linearly with the lines", () => {
    const file = (count: number) => Array.from({ length: count }, (_, index) => (index % 10 === 0 ? `[s${index}]` : index % 3 === 0 ? `  continued ${index}` : `key${index} = value ${index}`)).join("\n");
    const small = file(10_000);
    const large = file(100_000);
    expect(read(large).sections).toHaveLength(10_001);
    const one = readCost(small);
    const ten = readCost(large);
    // Ten times the lines, about ten times the time: a reader quadratic in the lines would take a
    // hundred. (A bound in seconds alone fails on a loaded machine, and says nothing of growth.)
    expect(ten).toBeLessThan(Math.max(one * 30, 1000));
  });

  it("reads a 1 MB line of spaces, of [ and of = in linear time", () => {
    const lines = (length: number) => [" ".repeat(length), "[".repeat(length), `k${"=".repeat(length)}`, `[${" ]".repeat(length / 2)}`];
    const small = lines(1 << 16);
    const large = lines(1 << 20);
    for (const [index, line] of large.entries()) {
      const sixteenth = readCost(`${small[index]}\n${small[index]}\n`);
      // Sixteen times the length, about sixteen times the time; quadratic would be 256 times.
      expect(readCost(`${line}\n${line}\n`)).toBeLessThan(Math.max(sixteenth * 64, 500));
    }
  });
});
