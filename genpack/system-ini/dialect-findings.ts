import { codes } from "../../errors/codes.js";
import type { SystemIniFinding } from "./finding.js";
import type { IniProblem, IniSpan, ParsedIni } from "./parsed-ini.js";
import type { IniSourceText } from "./source-text.js";

/** The prepended `[_default]`: the top of the file, which has no header of its own. */
export const TOP_SECTION = "_default";

/** A finding at `span` of `file`. */
export function findingAt(file: string, span: IniSpan, finding: Omit<SystemIniFinding, "location" | "span">): SystemIniFinding {
  return { ...finding, location: { file, start: span.start, end: span.end }, span };
}

/** The name a header line gives its section, as configparser's `\[(?P<header>.+)\]` takes it. */
function headerName(line: string): string {
  const open = line.indexOf("[");
  const close = line.lastIndexOf("]");
  return open !== -1 && close > open ? line.slice(open + 1, close) : line.trim();
}

/** The key a `key = value` line names, lower-cased as configparser stores it. */
function lineKey(line: string): string {
  const delimiter = [line.indexOf("="), line.indexOf(":")].filter((index) => index !== -1).reduce((a, b) => Math.min(a, b), line.length);
  return line.slice(0, delimiter).trim().toLowerCase();
}

/**
 * What genpack-init's decoding and configparser make of the file's form, as findings in the
 * words an appliance owner needs: what happens at boot and what to do.
 */
export function dialectFindings(parsed: ParsedIni, source: IniSourceText | undefined, file: string): SystemIniFinding[] {
  return parsed.problems.map((problem) => dialectFinding(problem, parsed, source, file));
}

function dialectFinding(problem: IniProblem, parsed: ParsedIni, source: IniSourceText | undefined, file: string): SystemIniFinding {
  const { span } = problem;
  const line = source?.line(span.start.line) ?? "";
  switch (problem.kind) {
    case "not-utf8":
      return findingAt(file, span, {
        code: codes.iniNotUtf8.code,
        severity: "error",
        message: `The file is not UTF-8 (line ${span.start.line} has bytes that are not): genpack-init would read nothing at all from it, and every setting in it would be ignored.`,
        hint: "Save it as UTF-8 (in Notepad: Save As, Encoding: UTF-8).",
      });
    case "byte-order-mark":
      return findingAt(file, span, {
        code: codes.iniByteOrderMark.code,
        severity: "error",
        message: "The file starts with a byte order mark (BOM), which genpack-init reads as part of the first line: the first key or section gets a name nothing reads.",
        hint: "Save it as UTF-8 without a BOM, or let gp remove it.",
        fix: { title: "Remove the byte order mark", span: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } }, text: "" },
      });
    case "duplicate-section": {
      const name = headerName(line);
      const first = parsed.sections.find((section) => section.name === name);
      const firstSpan = first?.headerSpan;
      const prepended = name === TOP_SECTION ? " The top of the file, before any header, already is section `[_default]`." : "";
      return findingAt(file, span, {
        code: codes.iniDuplicateSection.code,
        severity: "error",
        message: `Section \`[${name}]\` appears a second time: genpack-init stops reading here, and every later line is ignored.${prepended}`,
        hint: name === TOP_SECTION ? "Delete the `[_default]` line and move its keys to the top of the file." : `Move these keys into the first \`[${name}]\` and delete this header.`,
        ...(firstSpan === undefined ? {} : { related: [{ file, start: firstSpan.start, end: firstSpan.end, message: `\`[${name}]\` first appears here` }] }),
      });
    }
    case "duplicate-option": {
      const key = lineKey(line);
      const first = parsed.sections.at(-1)?.options.find((option) => option.key === key);
      return findingAt(file, span, {
        code: codes.iniDuplicateKey.code,
        severity: "error",
        message: `Key \`${key}\` appears a second time in its section (keys ignore case): genpack-init stops reading here, and every later line is ignored.`,
        hint: "Keep one of the two lines.",
        ...(first === undefined ? {} : { related: [{ file, start: first.keySpan.start, end: first.keySpan.end, message: `\`${key}\` first appears here` }] }),
      });
    }
    case "unparsable-line":
      return findingAt(file, span, {
        code: codes.iniUnparsableLine.code,
        severity: "error",
        message: "This line is neither `[section]`, `key = value` nor a `#` comment: genpack-init ignores it and reports the file as broken.",
        hint: "Write it as `key = value`, or put `#` in front of it.",
      });
  }
}
