import { lineStartsOf, positionAt, type LineProblem } from "./line-problem.js";

/**
 * The USE flag descriptions of a package's metadata.xml (GLEP 68): `<use><flag name="x">…</flag></use>`.
 * Read with patterns rather than an XML parser: the catalog needs nothing else from the file,
 * and Gentoo has one for each of its ~19,000 packages.
 */

const ENTITIES: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z]+);/g, (entity, body: string) => {
    if (body.startsWith("#x")) return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
    if (body.startsWith("#")) return String.fromCodePoint(Number.parseInt(body.slice(1), 10));
    return ENTITIES[body] ?? entity;
  });
}

/** The value of attribute `name` in the attribute text of a start tag. */
function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attributes);
  return match === null ? undefined : decodeEntities(match[1] ?? match[2] ?? "");
}

/** The text of a flag's description: markup such as `<pkg>` dropped, its text kept, white space collapsed. */
function descriptionText(inner: string): string {
  const text = inner.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, data: string) => data.replace(/&/g, "&amp;").replace(/</g, "&lt;")).replace(/<[^>]*>/g, "");
  return decodeEntities(text).replace(/\s+/g, " ").trim();
}

/** Whether descriptions in `lang` are the ones to show: English, which is also what no `lang` means. */
const preferred = (lang: string | undefined) => lang === undefined || lang === "" || lang === "en" || lang.startsWith("en-");

/**
 * The flags a metadata.xml describes, flag name → description ("" for `<flag name="x"/>`).
 * A description in English (or without `lang`) wins over any other language, which is used
 * only when no English one exists; among equals, the first wins.
 */
export function parseMetadataXmlFlags(text: string): { flags: Map<string, string>; problems: LineProblem[] } {
  const flags = new Map<string, string>();
  const problems: LineProblem[] = [];
  if (!text.includes("<flag")) return { flags, problems };
  // Comments are blanked rather than removed, so offsets (and the lines of problems) stay right.
  const source = text.replace(/<!--[\s\S]*?-->/g, (comment) => comment.replace(/[^\n]/g, " "));
  let lineStarts: number[] | undefined;
  const lineAt = (index: number) => positionAt((lineStarts ??= lineStartsOf(source)), index).line;
  const foreign = new Map<string, string>();

  const useBlock = /<use(\s[^>]*)?>([\s\S]*?)<\/use\s*>/g;
  let covered = 0;
  for (let block = useBlock.exec(source); block !== null; block = useBlock.exec(source)) {
    const blockLang = attribute(block[1] ?? "", "lang");
    const bodyStart = block.index + block[0].indexOf(">") + 1;
    const flag = /<flag(\s[^>]*?)?(?:\/>|>([\s\S]*?)<\/flag\s*>)/g;
    for (let entry = flag.exec(block[2] ?? ""); entry !== null; entry = flag.exec(block[2] ?? "")) {
      const attributes = entry[1] ?? "";
      const name = attribute(attributes, "name");
      if (name === undefined || name === "") {
        problems.push({ line: lineAt(bodyStart + entry.index), message: "A <flag> element has no name attribute." });
        continue;
      }
      const description = descriptionText(entry[2] ?? "");
      const into = preferred(attribute(attributes, "lang") ?? blockLang) ? flags : foreign;
      if (!into.has(name)) into.set(name, description);
    }
    covered = useBlock.lastIndex;
  }
  const unclosed = /<use[\s>]/.exec(source.slice(covered));
  if (unclosed !== null) problems.push({ line: lineAt(covered + unclosed.index), message: "A <use> element is never closed with </use>." });
  for (const [name, description] of foreign) if (!flags.has(name)) flags.set(name, description);
  return { flags, problems };
}
