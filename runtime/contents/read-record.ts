import { dirname } from "node:path";
import { codes } from "../../errors/codes.js";
import { GpError } from "../../errors/gp-error.js";
import { quote } from "../../errors/quote.js";
import { readInputText } from "../../host/input-file.js";
import { CONTENTS_FORMAT, type ContentsPath, type ContentsRecord, type RuleKind } from "./contents-record.js";

const RULE_KINDS: ReadonlySet<string> = new Set<RuleKind>(["package-scripts", "genpack-metadata", "accounts", "files", "build-script", "touch-usr", "setup-commands", "services", "copy-up", "extra-toplevel", "dev"]);
const ENTRY_TYPES: ReadonlySet<string> = new Set(["file", "directory", "symlink", "whiteout", "device", "other"]);
const VIA: ReadonlySet<string> = new Set(["set", "RDEPEND", "PDEPEND"]);

/** Why a contents record cannot be trusted: a message for the user, with the place in the record. */
class Malformed extends Error {}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function text(value: unknown, where: string): string {
  if (typeof value !== "string" || value.includes("\0")) throw new Malformed(`${where} is not a string`);
  return value;
}

function list(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new Malformed(`${where} is not a list`);
  return value;
}

/** A plain absolute image path: no empty, `.` or `..` segment, no trailing slash, no NUL. */
export function isImagePath(path: string): boolean {
  if (!path.startsWith("/") || path.includes("\0")) return false;
  if (path === "/") return true;
  for (const segment of path.slice(1).split("/")) if (segment === "" || segment === "." || segment === "..") return false;
  return true;
}

function checkEdge(value: unknown, where: string): void {
  if (!isObject(value)) throw new Malformed(`${where} is not an object`);
  text(value["from"], `${where}.from`);
  text(value["atom"], `${where}.atom`);
  text(value["file"], `${where}.file`);
  if (!VIA.has(text(value["via"], `${where}.via`))) throw new Malformed(`${where}.via is not set, RDEPEND or PDEPEND`);
  list(value["choices"], `${where}.choices`).forEach((choice, index) => {
    const at = `${where}.choices[${index}]`;
    if (!isObject(choice) || typeof choice["taken"] !== "number") throw new Malformed(`${at} is not a choice`);
    text(choice["group"], `${at}.group`);
    list(choice["passed"], `${at}.passed`).forEach((passed, n) => {
      if (!isObject(passed)) throw new Malformed(`${at}.passed[${n}] is not an object`);
      text(passed["alternative"], `${at}.passed[${n}].alternative`);
      text(passed["atom"], `${at}.passed[${n}].atom`);
      if (passed["reason"] !== "not-installed" && passed["reason"] !== "use") throw new Malformed(`${at}.passed[${n}].reason is not a reason`);
    });
  });
}

function checkPath(value: unknown, index: number): void {
  const where = `paths[${index}]`;
  if (!isObject(value)) throw new Malformed(`${where} is not an object`);
  const path = text(value["path"], `${where}.path`);
  if (!isImagePath(path)) throw new Malformed(`${where}.path ${quote(path)} is not a plain absolute image path`);
  if (!ENTRY_TYPES.has(text(value["type"], `${where}.type`))) throw new Malformed(`${where}.type is not a type of path`);
  if (value["owner"] !== undefined) text(value["owner"], `${where}.owner`);
  list(value["rules"], `${where}.rules`).forEach((rule, n) => {
    if (!isObject(rule) || !RULE_KINDS.has(String(rule["kind"]))) throw new Malformed(`${where}.rules[${n}] is not a rule`);
    if (rule["file"] !== undefined) text(rule["file"], `${where}.rules[${n}].file`);
  });
}

/** Checks a parsed record field by field, in one pass over it. */
export function checkContentsRecord(value: unknown): ContentsRecord {
  if (!isObject(value)) throw new Malformed("it is not a JSON object");
  if (value["format"] !== CONTENTS_FORMAT) throw new Malformed(`its format is ${quote(String(value["format"]))}, not ${CONTENTS_FORMAT}`);
  text(value["upperKey"], "upperKey");
  list(value["roots"], "roots").forEach((root, index) => text(root, `roots[${index}]`));
  list(value["unsatisfiedGroups"], "unsatisfiedGroups");
  list(value["packages"], "packages").forEach((pkg, index) => {
    const where = `packages[${index}]`;
    if (!isObject(pkg)) throw new Malformed(`${where} is not an object`);
    for (const key of ["cpv", "category", "name", "version", "slot"]) text(pkg[key], `${where}.${key}`);
    checkEdge(pkg["pulledBy"], `${where}.pulledBy`);
    list(pkg["neededBy"], `${where}.neededBy`).forEach((dependant, n) => text(dependant, `${where}.neededBy[${n}]`));
  });
  list(value["paths"], "paths").forEach((path, index) => checkPath(path, index));
  return value as unknown as ContentsRecord;
}

/** The outcome of reading a contents record: the record, or none (missing). */
export type ReadContents = { readonly ok: true; readonly record: ContentsRecord } | { readonly ok: false; readonly missing: true };

/**
 * Reads and checks the contents record at `file`. A file that is not one gp wrote (not JSON, a
 * path with `..`, a FIFO, a link out of the work directory) is an error naming what is wrong.
 *
 * @throws GpError contentsRecordUnreadable
 */
export function readContentsRecord(file: string): ReadContents {
  const read = readInputText(file, { within: dirname(file), withinName: "the work directory" });
  if (!read.ok) {
    if (read.problem === "missing") return { ok: false, missing: true };
    throw new GpError(codes.contentsRecordUnreadable, `${file} ${read.reason}; run \`gp upper\` to write it again.`, { location: { file } });
  }
  try {
    return { ok: true, record: checkContentsRecord(JSON.parse(read.text)) };
  } catch (problem) {
    const reason = problem instanceof Malformed ? problem.message : `it is not JSON (${(problem as Error).message})`;
    throw new GpError(codes.contentsRecordUnreadable, `${file} is not a contents record gp wrote: ${reason}. Run \`gp upper\` to write it again.`, { location: { file } });
  }
}

export type { ContentsPath };
