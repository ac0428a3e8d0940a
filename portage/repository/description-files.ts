import type { LineProblem } from "./line-problem.js";

/**
 * The description files below profiles/: use.desc (`flag - description`), use.local.desc
 * (`category/name:flag - description`) and desc/<use_expand>.desc (`value - description`).
 * `#` starts a comment line; blank lines are ignored.
 */

/** One `name - description` line. */
export interface DescribedName {
  readonly name: string;
  readonly description: string;
  /** 1-based. */
  readonly line: number;
}

const DESCRIBED = /^(\S+)\s+-(?:\s+(.*))?$/;

/** The `name - description` lines of a description file, in file order. */
export function parseDescriptionLines(text: string): { entries: DescribedName[]; problems: LineProblem[] } {
  const entries: DescribedName[] = [];
  const problems: LineProblem[] = [];
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] as string).trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = DESCRIBED.exec(line);
    if (match === null) {
      problems.push({ line: index + 1, message: `"${line}" is not a "name - description" line.` });
      continue;
    }
    entries.push({ name: match[1] as string, description: (match[2] ?? "").trim(), line: index + 1 });
  }
  return { entries, problems };
}

/** Name → description; the first line for a name wins. */
export function describedNames(entries: readonly DescribedName[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const { name, description } of entries) if (!names.has(name)) names.set(name, description);
  return names;
}

/** use.local.desc as package (`category/name`) → flag → description. */
export function parseUseLocalDesc(text: string): { packages: Map<string, Map<string, string>>; problems: LineProblem[] } {
  const { entries, problems } = parseDescriptionLines(text);
  const packages = new Map<string, Map<string, string>>();
  for (const { name, description, line } of entries) {
    const colon = name.lastIndexOf(":");
    if (colon <= 0 || !name.slice(0, colon).includes("/")) {
      problems.push({ line, message: `"${name}" is not "category/name:flag".` });
      continue;
    }
    const atom = name.slice(0, colon);
    const flags = packages.get(atom) ?? new Map<string, string>();
    packages.set(atom, flags);
    const flag = name.slice(colon + 1);
    if (!flags.has(flag)) flags.set(flag, description);
  }
  return { packages, problems };
}
