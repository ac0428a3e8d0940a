import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { iniInteger, iniBoolean } from "../../../genpack/system-ini/conversions.js";
import { isPythonWhitespace } from "../../../genpack/system-ini/python-whitespace.js";
import { iniValue } from "../../../genpack/system-ini/interpolation.js";
import type { IniValue, ParsedIni } from "../../../genpack/system-ini/parsed-ini.js";
import { readSystemIni } from "../../../genpack/system-ini/read-system-ini.js";
import { skipFor } from "../../helpers/skip.js";
import { temporaryDirectory } from "../../helpers/temp.js";

/**
 * readSystemIni and iniValue against the real thing: thousands of generated files, each read by
 * Python's configparser the way genpack-init reads it (configparser-oracle.py, one process for
 * all of them), and by gp; both must hold the same sections, keys and values, raise the same
 * exceptions at the same lines, and give the same get(), int() and getboolean() results.
 */

const ORACLE = join(import.meta.dirname, "configparser-oracle.py");
const FILES = 2500;

function pythonProblem(): string | undefined {
  const probe = spawnSync("python3", ["--version"], { encoding: "utf8" });
  if (probe.status === 0) return undefined;
  const problem = "python3 is not installed: the differential test of the system.ini dialect needs it";
  if (process.env["CI"] === "true") throw new Error(`CI must provide python3: ${problem}`);
  return problem;
}

/** mulberry32: small, seedable, good enough to spread fragments. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ["a", "A", "b", "Key", "KEY", "wifi_ssid", "r0", "x y", "Ünï", "ΑΣ", "ǅ", "DEFAULT", "k\u00a0", "1"];
const SECTIONS = ["greeter", "Greeter", "DEFAULT", "_default", "a b", " spaced ", "sec]x", "x=y", "s:1", "[nested]", "\u3000wide"];
const VALUES = [
  "",
  "1",
  "yes",
  "Off",
  "TRUE",
  "maybe",
  "%%",
  "100%",
  "50%% off",
  "%(a)s",
  "%(A)s/x",
  "%(key)s-%(b)s",
  "%(missing)s",
  "%(r0)s",
  "%(",
  "%()s",
  "%(a)x",
  "%(a",
  " 42 ",
  "-1_000",
  "+7",
  "1__0",
  "_1",
  "0x1",
  "007",
  "\u0661\u0662",
  "\uff14\uff12",
  "\u0966_\u0967",
  "1 2",
  "a # not a comment",
  "x;y",
  "k=v",
  "k:v",
  "\u00a0nbsp\u00a0",
  "\u2003em\u2003",
  "\u200bzero-width",
  "\ufeffbom",
  "\x1cfs\x1f",
  "\x85nel",
  "NUL\u0000x",
  "a\rb",
  "tab\there",
  "日本語",
  "😀",
  "\u2028ls",
];

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

/** One line (or a few, for chains of references) built from the fragments configparser treats differently. */
function fragment(next: () => number): string {
  const key = pick(next, KEYS);
  const value = pick(next, VALUES);
  const section = pick(next, SECTIONS);
  const indent = pick(next, ["", "", "", " ", "  ", "\t", "\u3000", "\x1c"]);
  const roll = next();
  if (roll < 0.3) return `${indent}${key}${pick(next, ["=", " = ", ":", " : ", "\t=\t", "=:", ":=", " =  "])}${value}${pick(next, ["", "", " ", "\t", "\r", "\u2029"])}`;
  if (roll < 0.4) return `${pick(next, ["", "", " ", "\t"])}[${section}]${pick(next, ["", "", " ", " trailing", "]", "=x"])}`;
  if (roll < 0.55) return `${pick(next, ["  ", "\t", "    ", " ", "\u00a0"])}${value || "cont"}`;
  if (roll < 0.65) return pick(next, ["", "", "   ", "\t", "\r", "\u00a0", "\ufeff"]);
  if (roll < 0.72) return `${pick(next, ["", "  ", "\t"])}${pick(next, ["#", ";"])}${pick(next, ["", " comment", " a=b", "[x]"])}`;
  if (roll < 0.78) return pick(next, ["garbage", "just words", "[]", "[]=x", "[[[[", "[x", "]", "=value", " : value", "=", "\u0000", "\ufeffkey=v"]);
  if (roll < 0.85) {
    // A chain of references, deep enough now and then to pass the depth limit.
    const length = 1 + Math.floor(next() * 13);
    const lines: string[] = [];
    for (let link = 0; link < length; link += 1) lines.push(`r${link} = ${pick(next, ["", "%%", "x"])}%(r${link + 1})s`);
    lines.push(`r${length} = ${pick(next, ["end", "%%end", "%(r0)s", "%(missing)s"])}`);
    return lines.join("\n");
  }
  return `${key}=${value}`;
}

const BAD_BYTES = [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xe0, 0x80, 0x80], [0x82, 0xa0], [0xf0, 0x9f], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf]];
const encoder = new TextEncoder();

function generate(next: () => number): Uint8Array {
  if (next() < 0.02) return new Uint8Array();
  const chunks: number[] = [];
  if (next() < 0.05) chunks.push(0xef, 0xbb, 0xbf);
  const lines = Math.floor(next() * 24);
  const badLine = next() < 0.04 ? Math.floor(next() * (lines + 1)) : -1;
  for (let line = 0; line < lines; line += 1) {
    chunks.push(...encoder.encode(fragment(next)));
    if (line === badLine) chunks.push(...pick(next, BAD_BYTES), ...encoder.encode("tail"));
    const ending = next();
    if (line < lines - 1 || ending < 0.8) chunks.push(...encoder.encode(ending < 0.07 ? "\r\n" : ending < 0.1 ? "\r" : "\n"));
  }
  if (badLine === lines) chunks.push(...pick(next, BAD_BYTES));
  return new Uint8Array(chunks);
}

/** The file's bytes as printable ASCII with every other byte as `\xHH`, exactly. */
function shownBytes(bytes: Uint8Array): string {
  return [...bytes].map((byte) => (byte >= 0x20 && byte < 0x7f && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, "0")}`)).join("");
}

interface OracleGet {
  readonly value?: string;
  readonly int?: string | null;
  readonly boolean?: boolean | null;
  readonly error?: string;
}

interface OracleSection {
  readonly name: string;
  readonly raw: [string, string][];
  readonly get: [string, OracleGet][];
}

type OracleResult =
  | { readonly badByte: { line: number; column: number } }
  | {
      readonly raised: null | { type: string; line?: number; lines?: number[] };
      readonly unparsableLines: number[];
      readonly sections: OracleSection[];
    };

const PYTHON_ERROR: Record<Extract<IniValue, { ok: false }>["error"], string> = {
  "interpolation-syntax": "InterpolationSyntaxError",
  "interpolation-missing-option": "InterpolationMissingOptionError",
  "interpolation-depth": "InterpolationDepthError",
  // Generated values stay small; Python has no such error and would build the value.
  "interpolation-too-large": "MemoryError",
};

/** gp's reading in the oracle's terms, so one `toEqual` shows every difference at once. */
function asOracleSees(parsed: ParsedIni): OracleResult {
  const notUtf8 = parsed.problems.find((problem) => problem.kind === "not-utf8");
  if (notUtf8 !== undefined) return { badByte: { ...notUtf8.span.start } };
  const stop = parsed.problems.find((problem) => problem.stopsReading);
  const unparsableLines = parsed.problems.filter((problem) => problem.kind === "unparsable-line").map((problem) => problem.span.start.line);
  const raised =
    stop !== undefined
      ? { type: stop.kind === "duplicate-section" ? "DuplicateSectionError" : "DuplicateOptionError", line: stop.span.start.line }
      : unparsableLines.length > 0
        ? { type: "ParsingError", lines: unparsableLines }
        : null;
  const defaults = parsed.sections.find((section) => section.name === "DEFAULT");
  const named = parsed.sections.filter((section) => section.name !== "DEFAULT");
  const sections = [{ name: "DEFAULT", options: defaults?.options ?? [] }, ...named].map((section): OracleSection => {
    const keys = [...new Set([...section.options.map((option) => option.key), ...(defaults?.options ?? []).map((option) => option.key)])];
    return {
      name: section.name,
      raw: section.options.map((option) => [option.key, option.value]),
      get: keys.map((key) => [key, asOracleGet(iniValue(parsed, section.name, key))]),
    };
  });
  return { raised, unparsableLines, sections };
}

function asOracleGet(value: IniValue | undefined): OracleGet {
  if (value === undefined) return { error: "absent" };
  if (!value.ok) return { error: PYTHON_ERROR[value.error] };
  const integer = iniInteger(value.value);
  return { value: value.value, int: integer === undefined ? null : String(integer), boolean: iniBoolean(value.value) ?? null };
}

describe("readSystemIni and iniValue against Python's configparser", skipFor(pythonProblem()), () => {
  it("agree on thousands of generated files: sections, keys, raw values, get(), int(), getboolean() and the exceptions with their lines", () => {
    const seed = Number(process.env["GP_INI_SEED"] ?? Math.floor(Math.random() * 2 ** 32));
    const next = random(seed);
    const directory = temporaryDirectory("gp-ini-dialect-");
    const files = Array.from({ length: FILES }, (_, index) => {
      const path = join(directory, `${index}.ini`);
      const bytes = generate(next);
      writeFileSync(path, bytes);
      return { path, bytes };
    });
    const started = performance.now();
    const oracle = spawnSync("python3", [ORACLE], { input: JSON.stringify(files.map((file) => file.path)), encoding: "utf8", maxBuffer: 1 << 30 });
    expect(oracle.stderr).toBe("");
    expect(oracle.status).toBe(0);
    const expected = JSON.parse(oracle.stdout) as OracleResult[];
    expect(expected).toHaveLength(FILES);
    const pythonSeconds = (performance.now() - started) / 1000;

    const readStarted = performance.now();
    files.forEach((file, index) => {
      const actual = asOracleSees(readSystemIni(file.bytes));
      expect(actual, `seed ${seed} (GP_INI_SEED=${seed} reproduces it), file ${index}: ${shownBytes(file.bytes)}`).toEqual(expected[index]);
    });
    const gpSeconds = (performance.now() - readStarted) / 1000;
    console.info(`system.ini dialect: ${FILES} files, seed ${seed}, Python ${pythonSeconds.toFixed(2)} s, gp ${gpSeconds.toFixed(2)} s`);
  });

  it("strips the whitespace Python strips: str.isspace() and re's \\s, one set, and gp's is that set", () => {
    const script = "import re, json; print(json.dumps([c for c in range(0x110000) if chr(c).isspace() and re.match(r'\\s', chr(c))]))";
    const result = spawnSync("python3", ["-c", script], { encoding: "utf8" });
    expect(result.status).toBe(0);
    const python = JSON.parse(result.stdout) as number[];
    const gp: number[] = [];
    for (let codePoint = 0; codePoint < 0x110000; codePoint += 1) if (codePoint <= 0xffff && isPythonWhitespace(codePoint)) gp.push(codePoint);
    expect(gp).toEqual(python);
  });
});

