/**
 * A YAML emitter for the CI files gp writes: block style over plain data, keys in the order
 * given, so the same data always gives the same bytes. A string is written plain only when no
 * YAML 1.1 or 1.2 reader could take it for anything else (a number, a boolean, null, a
 * comment, a mapping); a string of several lines becomes a literal block, so scripts read as
 * written; everything else is double-quoted with escapes.
 */
export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue };

const INDENT = "  ";

/** Letters, digits and `_ . / -`, starting with a letter, `_` or `/`: never a number or an indicator. */
const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;

/** Words YAML 1.1 readers (PyYAML, GitHub's and GitLab's parsers among them) take for booleans or null. */
const RESERVED = new Set(["y", "n", "yes", "no", "true", "false", "on", "off", "null"]);

/** Characters a literal block cannot hold as they are: controls other than tab and line feed, and what YAML does not print. */
const UNPRINTABLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\uFEFF\uD800-\uDFFF]/;

function isPlain(text: string): boolean {
  return PLAIN.test(text) && !RESERVED.has(text.toLowerCase());
}

/** A surrogate without its pair, which no YAML reader accepts. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What JSON leaves as it is but YAML 1.1 reads as a line break or drops: escaped. */
const UNSAFE_IN_QUOTES = /[\u007F-\u009F\u2028\u2029\uFEFF]/g;

/** A double-quoted scalar: JSON's escapes are YAML's, plus those YAML needs that JSON does not. */
function quoted(text: string): string {
  if (LONE_SURROGATE.test(text)) throw new Error("A string with a lone surrogate cannot be written as YAML.");
  return JSON.stringify(text).replace(UNSAFE_IN_QUOTES, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function scalar(value: string | number | boolean | null): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`${value} cannot be written as a YAML number.`);
    // YAML 1.1 reads an exponent as a float only after a dot (`1.0e+21`, not `1e+21`).
    const written = String(value);
    return written.includes("e") && !written.includes(".") ? written.replace("e", ".0e") : written;
  }
  return isPlain(value) ? value : quoted(value);
}

/**
 * A literal block for a string of lines ending in one line feed or none, that starts without a
 * space and holds only printable characters; undefined when it is not one.
 */
function literalBlock(text: string, indent: string): string | undefined {
  if (!text.includes("\n") || UNPRINTABLE.test(text) || text.startsWith(" ") || text.startsWith("\t")) return undefined;
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  if (body.endsWith("\n") || body === "") return undefined;
  const header = text.endsWith("\n") ? "|" : "|-";
  const lines = body.split("\n").map((line) => (line === "" ? "" : indent + line));
  return `${header}\n${lines.join("\n")}`;
}

function isCollection(value: YamlValue): value is readonly YamlValue[] | { readonly [key: string]: YamlValue } {
  return typeof value === "object" && value !== null;
}

function isEmpty(value: readonly YamlValue[] | { readonly [key: string]: YamlValue }): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

/** What follows `key:` or `-`: a space and a scalar, or a line break and the nested block. */
function after(value: YamlValue, indent: string, inList: boolean): string {
  if (!isCollection(value)) {
    if (typeof value === "string") {
      const block = literalBlock(value, indent + INDENT);
      if (block !== undefined) return ` ${block}`;
    }
    return ` ${scalar(value)}`;
  }
  if (isEmpty(value)) return Array.isArray(value) ? " []" : " {}";
  // A list under a key sits at the key's indent, as most YAML is written; a list in a list nests.
  if (Array.isArray(value) && !inList) return `\n${emitBlock(value, indent)}`;
  return `\n${emitBlock(value, indent + INDENT)}`;
}

function emitBlock(value: readonly YamlValue[] | { readonly [key: string]: YamlValue }, indent: string): string {
  if (Array.isArray(value)) {
    return (value as readonly YamlValue[])
      .map((item) => {
        if (isCollection(item) && !Array.isArray(item) && !isEmpty(item)) {
          // A mapping in a list: its first key on the dash's line, the others under it.
          const inner = emitBlock(item, indent + INDENT);
          return `${indent}- ${inner.slice(indent.length + INDENT.length)}`;
        }
        return `${indent}-${after(item, indent, true)}`;
      })
      .join("\n");
  }
  return Object.entries(value)
    .map(([key, entry]) => `${indent}${scalar(key)}:${after(entry, indent, false)}`)
    .join("\n");
}

/** The YAML document of a mapping, after the comment lines given (each written `# line`). */
export function emitYaml(document: { readonly [key: string]: YamlValue }, comment: readonly string[] = []): string {
  const header = comment.map((line) => (line === "" ? "#" : `# ${line}`)).join("\n");
  const body = emitBlock(document, "");
  return `${header === "" ? "" : `${header}\n`}${body}\n`;
}
