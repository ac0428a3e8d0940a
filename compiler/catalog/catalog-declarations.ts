import type { CatalogData } from "./catalog-data.js";

/**
 * The TypeScript declarations of a catalog, merging into the empty global interfaces genpack-ts
 * declares (dsl/catalog.ts), which turns its open atom, flag and license types strict:
 * `interface GpCatalog` (the repositories, USE_EXPAND values, licenses and profiles) and
 * `interface GpCatalogPackages`, one member per atom. Everything keyed by atom is derived from
 * that interface in genpack-ts rather than written out here: a catalog of the Gentoo tree has
 * 19,000 atoms, and every member a declaration file holds costs each program that loads it a
 * parse and a bind, while a derived type costs only where a blueprint uses it. For the same
 * reason each atom's USE flags are one string literal of space-separated words, which the DSL's
 * `Words` type splits for the atoms a blueprint names. The package's description and its flags'
 * descriptions go in the member's doc comment, which editors show when they complete the atom as
 * a key of `use`.
 */
/** How every catalog file starts: `gp catalog` replaces only files that do. */
export const CATALOG_HEADER = "// The Portage catalog of ";

export function catalogDeclarations(catalog: CatalogData): string {
  const sources = catalog.repositories.map((repository) => `${repository.name} (${repository.path})`).join(", ");
  const lines: string[] = [
    `${CATALOG_HEADER}${sources || "no repository"}, written by gp catalog.`,
    "// Regenerate it with the same command rather than editing it.",
    "",
    "interface GpCatalog {",
    `  readonly repositories: ${union([...new Set(catalog.repositories.map((repository) => repository.name))])};`,
    "  readonly useExpand: {",
  ];
  for (const [variable, values] of Object.entries(catalog.useExpand)) {
    const names = Object.keys(values);
    const described = names.filter((name) => values[name] !== "");
    if (described.length > 0) lines.push(...indent(docComment(described.map((name) => `- \`${name}\`: ${values[name]}`)), 4));
    lines.push(`    readonly ${variable}: ${union(names)};`);
  }
  lines.push("  };", `  readonly licenses: ${union(catalog.licenses)};`);
  lines.push(`  readonly profiles: ${union([...new Set(catalog.profiles.map((profile) => profile.path))].sort())};`);
  lines.push("}", "");
  // The index signature keeps versioned, slotted and wildcard atoms open; gp check looks them up.
  lines.push("interface GpCatalogPackages {", "  [atom: GpAtomForm]: string;");
  for (const [atom, entry] of Object.entries(catalog.packages)) {
    const flags = Object.keys(entry.flags);
    const doc = docComment([
      entry.description === "" ? atom : entry.description,
      ...(flags.length === 0 ? [] : ["", ...flags.map((flag) => `- \`${flag}\`${entry.flags[flag] === "" ? "" : `: ${entry.flags[flag]}`}`)]),
    ]);
    lines.push(...indent(doc, 2), `  ${literal(atom)}: ${literal(flags.join(" "))};`);
  }
  lines.push("}", "");
  return lines.join("\n");
}

function literal(text: string): string {
  return JSON.stringify(text);
}

function union(names: readonly string[]): string {
  return names.length === 0 ? "never" : names.map(literal).join(" | ");
}

/** A doc comment of `lines`; a `*​/` inside a description would end it early. */
function docComment(lines: readonly string[]): string[] {
  const safe = lines.map((line) => line.replaceAll("*/", "*\\/").trimEnd());
  return ["/**", ...safe.map((line) => (line === "" ? " *" : ` * ${line}`)), " */"];
}

function indent(lines: readonly string[], spaces: number): string[] {
  return lines.map((line) => `${" ".repeat(spaces)}${line}`);
}
