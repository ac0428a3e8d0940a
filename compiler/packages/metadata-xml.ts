import type { PackageSpec } from "../../dsl/package.js";

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * The package's metadata.xml (GLEP 68): the descriptions of its USE flags, which `equery uses`
 * and pkgcheck read. Flags declared as a plain list have no description to give.
 */
export function renderMetadataXml(spec: PackageSpec): string {
  const flags = spec.iuse === undefined || Array.isArray(spec.iuse) ? [] : Object.entries(spec.iuse as Readonly<Record<string, string | { description: string }>>);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<!DOCTYPE pkgmetadata SYSTEM "https://www.gentoo.org/dtd/metadata.dtd">', "<pkgmetadata>"];
  if (flags.length > 0) {
    lines.push("\t<use>");
    for (const [name, declaration] of flags) {
      const description = typeof declaration === "string" ? declaration : declaration.description;
      lines.push(`\t\t<flag name="${escapeXml(name)}">${escapeXml(description)}</flag>`);
    }
    lines.push("\t</use>");
  }
  lines.push("</pkgmetadata>");
  return `${lines.join("\n")}\n`;
}
