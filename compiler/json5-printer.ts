import type { Json5Object, Json5Value } from "../genpack/json5/document.js";

function isObject(value: Json5Value): value is Json5Object {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const INDENT = "    ";
/** Lists of scalars that fit in this width stay on one line. */
const LINE_WIDTH = 100;

function key(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

function scalar(value: null | boolean | number | string): string {
  return JSON.stringify(value);
}

function print(value: Json5Value, depth: number, prefixLength: number): string {
  if (!isObject(value) && !Array.isArray(value)) return scalar(value as null | boolean | number | string);
  const inner = INDENT.repeat(depth + 1);
  const outer = INDENT.repeat(depth);
  if (Array.isArray(value)) {
    const items = value as readonly Json5Value[];
    if (items.length === 0) return "[]";
    if (items.every((item) => !isObject(item) && !Array.isArray(item))) {
      const oneLine = `[${items.map((item) => scalar(item as null | boolean | number | string)).join(", ")}]`;
      if (prefixLength + oneLine.length <= LINE_WIDTH) return oneLine;
    }
    return `[\n${items.map((item) => `${inner}${print(item, depth + 1, inner.length)},`).join("\n")}\n${outer}]`;
  }
  if (value.entries.length === 0) return "{}";
  const lines = value.entries.map(([name, entry]) => {
    const head = `${inner}${key(name)}: `;
    return `${head}${print(entry, depth + 1, head.length)},`;
  });
  return `{\n${lines.join("\n")}\n${outer}}`;
}

/**
 * Renders a document the way genpack.json5 files are written by hand: four-space indents,
 * unquoted keys where JSON5 allows them, trailing commas, short lists on one line, and a
 * leading comment. The output ends with a newline.
 */
export function printJson5(document: Json5Object, headerComment?: string): string {
  const header = headerComment === undefined ? "" : headerComment.split("\n").map((line) => `// ${line}`.trimEnd()).join("\n") + "\n";
  return `${header}${print(document, 0, 0)}\n`;
}
