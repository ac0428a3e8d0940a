import { tokenize } from "./dependency.js";

/**
 * Dependency specifications (PMS §8.2) as a tree, and their reduction for a set of enabled USE
 * flags the way Portage's `use_reduce` does it.
 */

export type DependencyNode =
  | { readonly kind: "atom"; readonly atom: string }
  /** `!atom` (weak) or `!!atom` (strong); `atom` is without the exclamation marks. */
  | { readonly kind: "blocker"; readonly atom: string; readonly strong: boolean }
  | { readonly kind: "all-of"; readonly children: readonly DependencyNode[] }
  | { readonly kind: "any-of"; readonly children: readonly DependencyNode[] }
  | { readonly kind: "use-conditional"; readonly flag: string; readonly negated: boolean; readonly children: readonly DependencyNode[] };

/**
 * Parses a dependency specification into a tree, top-level items in order. Atoms are not
 * checked here; `scanDependencies` in `dependency.ts` reports bad ones.
 *
 * @throws Error when the groups are unbalanced or a group opener has no `(` after it.
 */
export function parseDependencyTree(text: string): DependencyNode[] {
  const { tokens } = tokenize(text);
  let index = 0;

  const parseGroup = (closing: boolean): DependencyNode[] => {
    const nodes: DependencyNode[] = [];
    while (index < tokens.length) {
      const token = tokens[index++] as string;
      if (token === ")") {
        if (!closing) throw new Error(`")" closes no group in "${text}"`);
        return nodes;
      }
      if (token === "(") {
        nodes.push({ kind: "all-of", children: parseGroup(true) });
      } else if (token === "||" || token.endsWith("?")) {
        if (tokens[index++] !== "(") throw new Error(`"${token}" must be followed by "(" in "${text}"`);
        const children = parseGroup(true);
        if (token === "||") nodes.push({ kind: "any-of", children });
        else {
          const negated = token.startsWith("!");
          nodes.push({ kind: "use-conditional", flag: token.slice(negated ? 1 : 0, -1), negated, children });
        }
      } else if (token.startsWith("!")) {
        const strong = token.startsWith("!!");
        nodes.push({ kind: "blocker", atom: token.slice(strong ? 2 : 1), strong });
      } else {
        nodes.push({ kind: "atom", atom: token });
      }
    }
    if (closing) throw new Error(`a group is never closed in "${text}"`);
    return nodes;
  };

  return parseGroup(false);
}

/**
 * One requirement of a reduced specification: USE conditionals are gone, all-of groups are
 * flattened into their parent, and an any-of group holds alternatives, each a list of
 * requirements that must all hold.
 */
export type Requirement =
  | { readonly kind: "atom"; readonly atom: string }
  | { readonly kind: "blocker"; readonly atom: string; readonly strong: boolean }
  | { readonly kind: "any-of"; readonly alternatives: readonly (readonly Requirement[])[] };

/**
 * Reduces a tree for the given enabled USE flags, with the simplifications of Portage's
 * `use_reduce`, which decide what counts as an alternative:
 *
 * 1. `flag? ( … )` keeps its contents when `flag` is enabled, `!flag? ( … )` when it is not.
 * 2. An all-of group outside an any-of group is flattened into its parent.
 * 3. Inside an any-of group, an alternative that is itself one any-of group is spliced in:
 *    `|| ( || ( a b ) c )` is `|| ( a b c )`.
 * 4. An any-of group left with one alternative is that alternative; one left with none is
 *    dropped, since PMS counts an empty any-of group as satisfied.
 */
export function reduceDependencies(nodes: readonly DependencyNode[], enabled: ReadonlySet<string> = new Set()): Requirement[] {
  const requirements: Requirement[] = [];
  for (const node of nodes) {
    switch (node.kind) {
      case "atom":
      case "blocker":
        requirements.push(node);
        break;
      case "all-of":
        for (const requirement of reduceDependencies(node.children, enabled)) requirements.push(requirement);
        break;
      case "use-conditional":
        if (enabled.has(node.flag) !== node.negated) for (const requirement of reduceDependencies(node.children, enabled)) requirements.push(requirement);
        break;
      case "any-of": {
        const alternatives: Requirement[][] = [];
        for (const child of node.children) {
          const alternative = reduceDependencies([child], enabled);
          const only = alternative.length === 1 ? alternative[0] : undefined;
          if (only?.kind === "any-of") for (const alternative of only.alternatives) alternatives.push([...alternative]);
          else if (alternative.length > 0) alternatives.push(alternative);
        }
        if (alternatives.length === 1) for (const requirement of alternatives[0] as Requirement[]) requirements.push(requirement);
        else if (alternatives.length > 1) requirements.push({ kind: "any-of", alternatives });
        break;
      }
    }
  }
  return requirements;
}

/** Renders requirements back to dependency syntax, for messages. */
export function formatRequirements(requirements: readonly Requirement[]): string {
  return requirements
    .map((requirement) => {
      switch (requirement.kind) {
        case "atom":
          return requirement.atom;
        case "blocker":
          return `${requirement.strong ? "!!" : "!"}${requirement.atom}`;
        case "any-of":
          return `|| ( ${requirement.alternatives
            .map((alternative) => (alternative.length === 1 ? formatRequirements(alternative) : `( ${formatRequirements(alternative)} )`))
            .join(" ")} )`;
      }
    })
    .join(" ");
}
