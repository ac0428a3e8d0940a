import type { Position } from "../../errors/diagnostics.js";

/** A comment, with its text as written (without the `//` or `/* *\/` markers). */
export interface Comment {
  readonly kind: "line" | "block";
  readonly text: string;
  readonly start: Position;
}

interface NodeBase {
  readonly start: Position;
  readonly end: Position;
}

export interface ObjectNode extends NodeBase {
  readonly kind: "object";
  /** Entries in document order; a key written twice keeps its first place and its last value. */
  readonly entries: Entry[];
  /** Comments after the last entry, before the closing brace. */
  readonly danglingComments: Comment[];
}

export interface ArrayNode extends NodeBase {
  readonly kind: "array";
  readonly items: Item[];
  readonly danglingComments: Comment[];
}

export interface StringNode extends NodeBase {
  readonly kind: "string";
  readonly value: string;
}

export interface NumberNode extends NodeBase {
  readonly kind: "number";
  readonly value: number;
  /** Whether Python's json5 and json read it as an int (no fraction, no exponent, or hex). */
  readonly integer: boolean;
  /** The literal as written, for printing it back the same way. */
  readonly raw: string;
}

export interface BooleanNode extends NodeBase {
  readonly kind: "boolean";
  readonly value: boolean;
}

export interface NullNode extends NodeBase {
  readonly kind: "null";
}

export type ValueNode = ObjectNode | ArrayNode | StringNode | NumberNode | BooleanNode | NullNode;

/** What a comment belongs to: the element it precedes, or the one it follows on the same line. */
export interface Commented {
  readonly leadingComments: Comment[];
  trailingComment?: Comment;
}

export interface Entry extends Commented {
  readonly key: string;
  readonly keyStart: Position;
  readonly keyEnd: Position;
  value: ValueNode;
  /** Where the key is written again, when it is; the value is then the last one written. */
  duplicateAt?: Position;
}

export interface Item extends Commented {
  readonly value: ValueNode;
}

export interface Document {
  readonly root: ValueNode;
  /** Comments before the root value. */
  readonly leadingComments: Comment[];
  /** Comments after the root value. */
  readonly trailingComments: Comment[];
}

/** Plain JavaScript data of a node: objects as Maps, to keep key order as written. */
export type PlainValue = null | boolean | number | string | PlainValue[] | Map<string, PlainValue>;

export function toPlain(node: ValueNode): PlainValue {
  switch (node.kind) {
    case "object":
      return new Map(node.entries.map((entry) => [entry.key, toPlain(entry.value)]));
    case "array":
      return node.items.map((item) => toPlain(item.value));
    case "null":
      return null;
    default:
      return node.value;
  }
}
