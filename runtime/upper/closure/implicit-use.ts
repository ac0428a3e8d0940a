import { readProfileStack, type ProfileNode } from "./profile-sets.js";
import { RootFs } from "./root-fs.js";

/**
 * The flags a profile adds to every package's IUSE (Portage's IUSE_EFFECTIVE minus IUSE):
 * IUSE_IMPLICIT, the values of each USE_EXPAND_UNPREFIXED variable named in USE_EXPAND_IMPLICIT
 * (`amd64`), and `<variable>_<value>` for each USE_EXPAND variable named there (`elibc_glibc`).
 * A USE dependency on such a flag matches an installed package by its USE, not by its default.
 */

/** The profile variables read here; each stacks over the profile's parents as Portage's incrementals do. */
const STACKED = /^(?:IUSE_IMPLICIT|USE_EXPAND|USE_EXPAND_IMPLICIT|USE_EXPAND_UNPREFIXED|USE_EXPAND_VALUES_[A-Z0-9_]+)$/;

/**
 * The assignments of a make.defaults file, as Portage's `getconfig` reads them: `KEY=value`,
 * `KEY="value"` (which may span lines) or `KEY='value'`, an optional `export`, `#` comments;
 * `$KEY` and `${KEY}` expand to values read so far (`known`, then this file). One pass over the
 * text, so a hostile file costs time in proportion to its length.
 */
export function readMakeDefaults(text: string, known: ReadonlyMap<string, string> = new Map()): Map<string, string> {
  const values = new Map<string, string>();
  const lookup = (name: string) => values.get(name) ?? known.get(name) ?? "";
  let at = 0;
  const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\r";
  const isName = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);
  // Past an unclosed `${`, no later one closes either: remembered so each is not searched for again.
  let unclosedFrom = Number.POSITIVE_INFINITY;
  const skipLine = () => {
    while (at < text.length && text[at] !== "\n") at++;
  };
  const expand = (): string => {
    // at is just past "$"
    if (text[at] === "{") {
      const end = at >= unclosedFrom ? -1 : text.indexOf("}", at);
      if (end < 0) {
        unclosedFrom = Math.min(unclosedFrom, at);
        return "$";
      }
      const name = text.slice(at + 1, end);
      at = end + 1;
      return lookup(name);
    }
    const start = at;
    while (isName(text[at])) at++;
    return at === start ? "$" : lookup(text.slice(start, at));
  };
  while (at < text.length) {
    while (isSpace(text[at])) at++;
    if (at >= text.length) break;
    if (text[at] === "#") {
      skipLine();
      continue;
    }
    const start = at;
    while (isName(text[at])) at++;
    let name = text.slice(start, at);
    if (name === "export" && isSpace(text[at])) {
      while (text[at] === " " || text[at] === "\t") at++;
      const next = at;
      while (isName(text[at])) at++;
      name = text.slice(next, at);
    }
    if (name === "" || text[at] !== "=") {
      // Not an assignment: Portage refuses the file; here the line is passed over.
      if (at === start) at++;
      skipLine();
      continue;
    }
    at++;
    let value = "";
    while (at < text.length && !isSpace(text[at])) {
      const c = text[at] as string;
      if (c === '"') {
        at++;
        while (at < text.length && text[at] !== '"') {
          if (text[at] === "\\" && at + 1 < text.length) {
            value += text[at + 1];
            at += 2;
          } else if (text[at] === "$") {
            at++;
            value += expand();
          } else value += text[at++];
        }
        at++;
      } else if (c === "'") {
        const end = text.indexOf("'", at + 1);
        const stop = end < 0 ? text.length : end;
        value += text.slice(at + 1, stop);
        at = stop + 1;
      } else if (c === "$") {
        at++;
        value += expand();
      } else {
        value += c;
        at++;
      }
    }
    values.set(name, value);
  }
  return values;
}

/** Portage's incremental stacking: `-word` removes a word set earlier, `-*` all of them. */
function stackWords(into: Set<string>, value: string): void {
  for (const word of value.split(/\s+/)) {
    if (word === "") continue;
    if (word === "-*") into.clear();
    else if (word.startsWith("-")) into.delete(word.slice(1));
    else into.add(word);
  }
}

/**
 * The profile's implicit flags, from the make.defaults files of the profile stack, parents first.
 * Empty when the root has no profile.
 */
export function readImplicitFlags(root: string | RootFs, stack?: readonly ProfileNode[]): Set<string> {
  const fs = typeof root === "string" ? new RootFs(root) : root;
  const variables = new Map<string, Set<string>>();
  const flat = new Map<string, string>();
  for (const node of stack ?? readProfileStack(fs)) {
    const text = fs.readText(`${node.path}/make.defaults`);
    if (text === undefined) continue;
    for (const [name, value] of readMakeDefaults(text, flat)) {
      if (!STACKED.test(name)) {
        flat.set(name, value);
        continue;
      }
      let words = variables.get(name);
      if (words === undefined) variables.set(name, (words = new Set()));
      stackWords(words, value);
      flat.set(name, [...words].join(" "));
    }
  }
  const get = (name: string) => variables.get(name) ?? new Set<string>();
  const flags = new Set(get("IUSE_IMPLICIT"));
  const implicit = get("USE_EXPAND_IMPLICIT");
  for (const variable of get("USE_EXPAND_UNPREFIXED")) {
    if (implicit.has(variable)) for (const value of get(`USE_EXPAND_VALUES_${variable}`)) flags.add(value);
  }
  for (const variable of get("USE_EXPAND")) {
    if (implicit.has(variable)) for (const value of get(`USE_EXPAND_VALUES_${variable}`)) flags.add(`${variable.toLowerCase()}_${value}`);
  }
  return flags;
}
