import type { CatalogData } from "./catalog-data.js";

/**
 * The TypeScript declarations of a catalog: one global `interface GpCatalog` that merges into
 * the empty one genpack-ts declares (dsl/catalog.ts), which turns its open atom, flag and
 * license types strict, and the interfaces its keyed fields take (`GpCatalogUse`,
 * `GpCatalogAtoms`). Each atom's USE flags are one string literal of space-separated words, which
 * the DSL's `Words` type splits for the atoms a blueprint names: a catalog of the Gentoo tree has
 * a hundred thousand flags, and as members or as literals of a union each would cost every
 * program that loads the file a node to parse and a type to build. The package's description and
 * its flags' descriptions go in the doc comment of its `use` key, which editors show when they
 * complete the atom.
 */
/** How every catalog file starts: `gp catalog` replaces only files that do. */
export const CATALOG_HEADER = "// The Portage catalog of ";

export function catalogDeclarations(catalog: CatalogData): string {
  const sources = catalog.repositories.map((repository) => `${repository.name} (${repository.path})`).join(", ");
  const entries = Object.entries(catalog.packages);
  const lines: string[] = [
    `${CATALOG_HEADER}${sources || "no repository"}, written by gp catalog.`,
    "// Regenerate it with the same command rather than editing it.",
    "",
    "interface GpCatalog {",
    "  readonly packages: {",
    ...entries.map(([atom, entry]) => `    readonly ${literal(atom)}: ${literal(Object.keys(entry.flags).join(" "))};`),
    "  };",
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
  // The keyed fields of blueprints, written out (see GpCatalogUse in genpack-ts); the index
  // signature keeps versioned, slotted and wildcard atoms open.
  lines.push("interface GpCatalogUse {", "  readonly [atom: GpAtomForm]: GpUseFlags<string>;");
  for (const [atom, entry] of entries) {
    const flags = Object.keys(entry.flags);
    const doc = docComment([
      entry.description === "" ? atom : entry.description,
      ...(flags.length === 0 ? [] : ["", ...flags.map((flag) => `- \`${flag}\`${entry.flags[flag] === "" ? "" : `: ${entry.flags[flag]}`}`)]),
    ]);
    lines.push(...indent(doc, 2), `  readonly ${literal(atom)}?: GpUseFlags<${literal(flags.join(" "))}>;`);
  }
  lines.push("}", "", "interface GpCatalogAtoms<Setting> {", "  readonly [atom: GpAtomForm]: Setting;");
  for (const [atom] of entries) lines.push(`  readonly ${literal(atom)}?: Setting;`);
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
