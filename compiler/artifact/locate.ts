import type { Location, ValuePath } from "../../errors/diagnostics.js";
import type { Entry, ObjectNode, ValueNode } from "../../genpack/json5/syntax.js";

/** Each object's entries by key, built the first time a path goes through the object. */
const entriesByKey = new WeakMap<ObjectNode, ReadonlyMap<string, Entry>>();

function entryOf(node: ObjectNode, key: string): Entry | undefined {
  let byKey = entriesByKey.get(node);
  if (byKey === undefined) {
    // A file with a problem in each of its 100,000 keys would otherwise search its keys once per problem.
    byKey = new Map(node.entries.map((entry) => [entry.key, entry]));
    entriesByKey.set(node, byKey);
  }
  return byKey.get(key);
}

/**
 * The source location of a key path in a parsed genpack.json5: the value at the path, or, with
 * `target: "key"`, the key that holds it. A path that leaves the document stops at the deepest
 * node it reached.
 */
export function locateInDocument(file: string, root: ValueNode, path: ValuePath, target: "value" | "key" = "value"): Location {
  let node: ValueNode = root;
  let keyStart = root.start;
  let keyEnd = root.end;
  for (const part of path) {
    if (node.kind === "object" && typeof part === "string") {
      const entry = entryOf(node, part);
      if (entry === undefined) break;
      keyStart = entry.keyStart;
      keyEnd = entry.keyEnd;
      node = entry.value;
    } else if (node.kind === "array" && typeof part === "number") {
      const item = node.items[part];
      if (item === undefined) break;
      node = item.value;
      keyStart = node.start;
      keyEnd = node.end;
    } else {
      break;
    }
  }
  return target === "key" ? { file, start: keyStart, end: keyEnd } : { file, start: node.start, end: node.start.line === node.end.line ? node.end : { line: node.start.line, column: node.start.column + 1 } };
}
