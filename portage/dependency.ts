import { checkAtom } from "./atom.js";
import { quote, shorten } from "../errors/quote.js";

/**
 * Dependency specifications (PMS §8.2) as ebuilds hold them in DEPEND, RDEPEND, PDEPEND, BDEPEND
 * and, with license names in place of atoms, LICENSE: atoms, all-of groups `( … )`, any-of groups
 * `|| ( … )` and USE-conditional groups `flag? ( … )` / `!flag? ( … )`, separated by whitespace.
 *
 * Only space, tab and line feed separate tokens: bash splits an ebuild's variables on those and
 * nothing else, so any other space character (U+00A0, U+3000, …) silently glues two atoms into
 * one invalid token. Those are reported by name.
 */

export interface DependencyProblem {
  /** The token as written, for pointing at it. */
  readonly token: string;
  readonly message: string;
}

export interface DependencyScan {
  readonly problems: readonly DependencyProblem[];
  /** The flags of USE-conditional groups, which the package must declare in IUSE. */
  readonly conditionalFlags: readonly string[];
  /** Every atom, blockers included, as written. */
  readonly atoms: readonly string[];
}

/** Characters that look like a separator to a reader but not to bash, by name. */
const LOOKALIKE_SPACES: Readonly<Record<string, string>> = {
  "\r": "a carriage return (U+000D)",
  "\v": "a vertical tab (U+000B)",
  "\f": "a form feed (U+000C)",
  "\u00a0": "a no-break space (U+00A0)",
  "\u1680": "an Ogham space mark (U+1680)",
  "\u180e": "a Mongolian vowel separator (U+180E)",
  "\u2000": "an en quad (U+2000)",
  "\u2001": "an em quad (U+2001)",
  "\u2002": "an en space (U+2002)",
  "\u2003": "an em space (U+2003)",
  "\u2004": "a three-per-em space (U+2004)",
  "\u2005": "a four-per-em space (U+2005)",
  "\u2006": "a six-per-em space (U+2006)",
  "\u2007": "a figure space (U+2007)",
  "\u2008": "a punctuation space (U+2008)",
  "\u2009": "a thin space (U+2009)",
  "\u200a": "a hair space (U+200A)",
  "\u200b": "a zero-width space (U+200B)",
  "\u2028": "a line separator (U+2028)",
  "\u2029": "a paragraph separator (U+2029)",
  "\u202f": "a narrow no-break space (U+202F)",
  "\u205f": "a medium mathematical space (U+205F)",
  "\u3000": "an ideographic space (U+3000)",
  "\ufeff": "a zero-width no-break space (U+FEFF)",
};

const USE_FLAG = /^[A-Za-z0-9][A-Za-z0-9+_@-]*$/;
const LICENSE_NAME = /^[A-Za-z0-9_][A-Za-z0-9+_.-]*$/;

/** Splits on the separators bash uses, reporting look-alike spaces inside tokens. */
export function tokenize(text: string): { tokens: string[]; problems: DependencyProblem[] } {
  const tokens = text.split(/[ \t\n]+/).filter((token) => token !== "");
  const problems: DependencyProblem[] = [];
  for (const token of tokens) {
    const lookalike = [...token].find((char) => LOOKALIKE_SPACES[char] !== undefined);
    if (lookalike !== undefined) {
      problems.push({
        token,
        message: `${quote(token)} holds ${LOOKALIKE_SPACES[lookalike] ?? "a space"}, which bash does not split on, so Portage reads one invalid token; use an ASCII space or line break`,
      });
    }
  }
  return { tokens, problems };
}

/** Checks one dependency atom, which may be a blocker (`!atom`, `!!atom`). */
export function checkDependencyAtom(token: string): string | undefined {
  const atom = token.replace(/^!!?/, "");
  if (atom.includes("::")) return `${quote(token)} names a repository, which ebuilds cannot do`;
  const problem = checkAtom(atom);
  return problem === undefined ? undefined : `${quote(token)} is not a valid atom: ${problem}`;
}

/**
 * Walks a dependency specification. `checkLeaf` checks what stands where an atom stands (an atom
 * in dependencies, a license name in LICENSE) and returns a problem or undefined.
 */
function scan(text: string, checkLeaf: (token: string) => string | undefined): DependencyScan {
  const { tokens, problems } = tokenize(text);
  const conditionalFlags: string[] = [];
  const atoms: string[] = [];
  const broken = new Set(problems.map((problem) => problem.token));
  // Each open group: the token that opened it and how many items it holds so far.
  const open: { token: string; items: number }[] = [];
  const countItem = () => {
    const group = open.at(-1);
    if (group !== undefined) group.items++;
  };
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as string;
    if (broken.has(token)) continue;
    const next = tokens[index + 1];
    if (token === "(") {
      open.push({ token: "(", items: 0 });
      continue;
    }
    if (token === ")") {
      const group = open.pop();
      if (group === undefined) problems.push({ token, message: `")" closes no group` });
      else if (group.items === 0) problems.push({ token: group.token, message: `the group "${group.token} ( )" is empty` });
      countItem();
      continue;
    }
    if (token === "||" || token.endsWith("?")) {
      if (token !== "||") {
        const flag = token.slice(token.startsWith("!") ? 1 : 0, -1);
        if (!USE_FLAG.test(flag)) problems.push({ token, message: `${quote(flag)} is not a valid USE flag name` });
        else conditionalFlags.push(flag);
      }
      if (next !== "(") {
        problems.push({ token, message: `${quote(token)} must be followed by a group in parentheses, as in \`${shorten(token)} ( … )\`` });
        continue;
      }
      index++;
      open.push({ token, items: 0 });
      continue;
    }
    if (token === "^^" || token === "??") {
      problems.push({ token, message: `${quote(token)} belongs in REQUIRED_USE, not here` });
      continue;
    }
    // USE dependency defaults such as `[ssl(+)]` hold parentheses of their own.
    const outsideUseDependencies = token.replace(/\[[^\]]*\]/g, "");
    if (outsideUseDependencies.includes("(") || outsideUseDependencies.includes(")")) {
      problems.push({ token, message: `${quote(token)} needs spaces around its parentheses` });
      continue;
    }
    const problem = checkLeaf(token);
    if (problem !== undefined) problems.push({ token, message: problem });
    else atoms.push(token);
    countItem();
  }
  for (const group of open) problems.push({ token: group.token, message: `the group opened by ${quote(group.token)} is never closed` });
  return { problems, conditionalFlags, atoms };
}

/** Checks a dependency specification such as RDEPEND. */
export function scanDependencies(text: string): DependencyScan {
  return scan(text, checkDependencyAtom);
}

/** Checks a LICENSE expression: license names, `|| ( … )` and `flag? ( … )`. */
export function scanLicense(text: string): DependencyScan {
  return scan(text, (token) => (LICENSE_NAME.test(token) ? undefined : `${quote(token)} is not a valid license name`));
}

/** Whether a USE flag name is valid (PMS §3.1.4). */
export function isUseFlagName(name: string): boolean {
  return USE_FLAG.test(name);
}
