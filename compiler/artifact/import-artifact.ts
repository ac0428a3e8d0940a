import { basename, join, relative } from "node:path";
import { codes } from "../../errors/codes.js";
import { warning, type Diagnostic } from "../../errors/diagnostics.js";
import { generatedHeaderLines } from "../generated-header.js";
import { fieldByGenpackKey, fields, type FieldInfo, type FieldName, type Level } from "../fields.js";
import type { Comment, Entry, Item, ObjectNode, ValueNode } from "../../genpack/json5/syntax.js";
import { accountField, GROUP_KEYS, isIdString, USER_KEYS } from "../../genpack/account-keys.js";
import { breaksNothing } from "../../genpack/circulardep-breaker.js";
import { isDictionary } from "../../genpack/merge.js";
import { fromSyntax } from "../../genpack/python.js";
import { readArtifactContents, type ContentEntries, type ContentRef } from "./artifact-contents.js";
import type { ArtifactSource } from "./read-artifact.js";
import { quote } from "../../errors/quote.js";

/**
 * A TypeScript value being written: code, or an object or list whose entries keep the comments
 * of the genpack.json5 they came from.
 */
type TsValue =
  | { readonly kind: "code"; readonly code: string }
  | { readonly kind: "object"; readonly entries: TsEntry[]; readonly dangling: readonly Comment[] }
  | { readonly kind: "array"; readonly items: TsItem[]; readonly dangling: readonly Comment[] };

interface TsItem {
  readonly value: TsValue;
  readonly leading: readonly Comment[];
  readonly trailing?: Comment;
}

interface TsEntry extends TsItem {
  readonly key: string;
}

const code = (text: string): TsValue => ({ kind: "code", code: text });
const literal = (value: unknown): TsValue => code(JSON.stringify(value));

/** A property name as TypeScript needs it written. */
function tsKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

/** The imports a blueprint needs, collected while converting. */
class Needs {
  readonly helpers = new Set<string>(["defineImage"]);
}

function plainValue(node: ValueNode, needs: Needs): TsValue {
  switch (node.kind) {
    case "object":
      return { kind: "object", entries: node.entries.map((entry) => ({ key: tsKey(entry.key), value: plainValue(entry.value, needs), leading: entry.leadingComments, ...trailing(entry) })), dangling: node.danglingComments };
    case "array":
      return { kind: "array", items: node.items.map((item) => ({ value: plainValue(item.value, needs), leading: item.leadingComments, ...trailing(item) })), dangling: node.danglingComments };
    case "number":
      return code(node.raw);
    case "null":
      return code("null");
    default:
      return literal(node.value);
  }
}

function trailing(commented: Entry | Item): { trailing?: Comment } {
  return commented.trailingComment === undefined ? {} : { trailing: commented.trailingComment };
}

/** Leaves an entry out: its comments, and a note saying why, go to the end of its object. */
function leaveOut(entry: Entry, why: string, dropped: Comment[]): void {
  dropped.push(...entry.leadingComments, droppedNote(entry.key, why));
  if (entry.trailingComment !== undefined) dropped.push(entry.trailingComment);
}

/**
 * A package.use setting. A list whose elements are not one flag each (`["mysql curl"]`) is
 * written as the line genpack makes of it, the elements joined by spaces, since a blueprint's
 * list takes one flag per element.
 */
function useSettingValue(node: ValueNode, needs: Needs): TsValue {
  const tokens = node.kind === "array" ? node.items.map((item) => item.value) : [];
  const split = tokens.some((token) => token.kind === "string" && !/^\S+$/.test(token.value));
  if (!split || !tokens.every((token) => token.kind === "string")) return plainValue(node, needs);
  return literal(tokens.map((token) => (token as { value: string }).value).join(" "));
}

/** `use`: each atom's setting as {@link useSettingValue} writes it. */
function useValue(node: ValueNode, needs: Needs): TsValue {
  if (node.kind !== "object") return plainValue(node, needs);
  const entries = node.entries.map((entry) => ({ key: tsKey(entry.key), value: useSettingValue(entry.value, needs), leading: entry.leadingComments, ...trailing(entry) }));
  return { kind: "object", entries, dangling: node.danglingComments };
}

/** `setupCommands`: genpack skips commands given as objects, and so does the blueprint. */
function setupCommandsValue(node: ValueNode, needs: Needs): TsValue {
  if (node.kind !== "array") return plainValue(node, needs);
  const dropped: Comment[] = [];
  const items: TsItem[] = [];
  for (const item of node.items) {
    if (item.value.kind === "object") {
      dropped.push(...item.leadingComments, { kind: "line", text: `${DROPPED_PREFIX}a setup command given as an object: genpack skips it`, start: { line: 0, column: 0 } });
      if (item.trailingComment !== undefined) dropped.push(item.trailingComment);
      continue;
    }
    items.push({ value: plainValue(item.value, needs), leading: item.leadingComments, ...trailing(item) });
  }
  return { kind: "array", items, dangling: [...node.danglingComments, ...dropped] };
}

/** `circulardepBreaker`: its `packages` and `use`, the only keys genpack reads. */
function breakerValue(node: ValueNode, needs: Needs): TsValue {
  if (node.kind !== "object") return plainValue(node, needs);
  const dropped: Comment[] = [];
  const entries: TsEntry[] = [];
  for (const entry of node.entries) {
    if (entry.key === "packages" || entry.key === "use") entries.push({ key: entry.key, value: plainValue(entry.value, needs), leading: entry.leadingComments, ...trailing(entry) });
    else leaveOut(entry, "genpack does not read it", dropped);
  }
  return { kind: "object", entries, dangling: [...node.danglingComments, ...dropped] };
}

/** `packages`: `-atom` strings become remove("atom"). */
function packagesValue(node: ValueNode, needs: Needs): TsValue {
  if (node.kind !== "array") return plainValue(node, needs);
  return {
    kind: "array",
    items: node.items.map((item) => {
      const value = item.value;
      if (value.kind === "string" && value.value.startsWith("-")) {
        needs.helpers.add("remove");
        return { value: code(`remove(${JSON.stringify(value.value.slice(1))})`), leading: item.leadingComments, ...trailing(item) };
      }
      return { value: plainValue(value, needs), leading: item.leadingComments, ...trailing(item) };
    }),
    dangling: node.danglingComments,
  };
}

/** One user or group: genpack's names become the DSL's; where both spellings are given, genpack takes the underscore one. */
function accountValue(node: ValueNode, keys: Readonly<Record<string, string>>, needs: Needs): TsValue {
  if (node.kind !== "object") return plainValue(node, needs);
  const entries: TsEntry[] = [];
  const dropped: Comment[] = [];
  const written = new Set(node.entries.map((entry) => entry.key));
  for (const entry of node.entries) {
    const name = accountField(keys, entry.key);
    const underscore = entry.key.replace(/-/g, "_");
    if (name === undefined || (underscore !== entry.key && written.has(underscore))) {
      leaveOut(entry, name === undefined ? "genpack does not read it" : `genpack takes ${quote(underscore)} instead`, dropped);
      continue;
    }
    const value = entry.value;
    // genpack passes ids through str() to useradd, which reads "0100" and 100 alike.
    const converted = (name === "uid" || name === "gid") && value.kind === "string" && isIdString(value.value) ? code(String(Number(value.value))) : plainValue(value, needs);
    entries.push({ key: name, value: converted, leading: entry.leadingComments, ...trailing(entry) });
  }
  return { kind: "object", entries, dangling: [...node.danglingComments, ...dropped] };
}

/** `users` and `groups`, element by element. */
function accountsValue(node: ValueNode, keys: Readonly<Record<string, string>>, needs: Needs): TsValue {
  if (node.kind !== "array") return plainValue(node, needs);
  return {
    kind: "array",
    items: node.items.map((item) => ({ value: accountValue(item.value, keys, needs), leading: item.leadingComments, ...trailing(item) })),
    dangling: node.danglingComments,
  };
}

const DROPPED_PREFIX = " gp import: leaves out ";

/** One note on what could not be carried over, as a comment in the blueprint. */
function droppedNote(key: string, why: string): Comment {
  return { kind: "line", text: `${DROPPED_PREFIX}${quote(key)}: ${why}`, start: { line: 0, column: 0 } };
}

/** Converts one block of genpack.json5 (top level, arch block, variant) into DSL fields. */
function convertBlock(node: ObjectNode, level: Level, needs: Needs): { entries: TsEntry[]; dropped: Comment[] } {
  const entries: TsEntry[] = [];
  const dropped: Comment[] = [];
  for (const entry of node.entries) {
    const name: FieldName | undefined = fieldByGenpackKey.get(entry.key);
    const info: FieldInfo | undefined = name === undefined ? undefined : fields[name];
    if (name === undefined || info === undefined || !info.levels.includes(level)) {
      leaveOut(entry, name === undefined ? "genpack does not read it" : "genpack does not read it here", dropped);
      continue;
    }
    const breaker = name === "circulardepBreaker" ? fromSyntax(entry.value) : undefined;
    if (isDictionary(breaker) && breaksNothing(breaker.get("packages"))) {
      leaveOut(entry, "it names no packages, so genpack does not run it", dropped);
      continue;
    }
    let value: TsValue;
    if (name === "packages") value = packagesValue(entry.value, needs);
    else if (name === "users" || name === "groups") value = accountsValue(entry.value, name === "users" ? USER_KEYS : GROUP_KEYS, needs);
    else if (name === "arch" || name === "variants") value = blocksValue(entry.value, name === "variants" ? "variant" : level === "top" ? "arch" : "variantArch", needs);
    else if (name === "use") value = useValue(entry.value, needs);
    else if (name === "setupCommands") value = setupCommandsValue(entry.value, needs);
    else if (name === "circulardepBreaker") value = breakerValue(entry.value, needs);
    else value = plainValue(entry.value, needs);
    entries.push({ key: name, value, leading: entry.leadingComments, ...trailing(entry) });
  }
  return { entries, dropped };
}

function blocksValue(node: ValueNode, level: Level, needs: Needs): TsValue {
  if (node.kind !== "object") return plainValue(node, needs);
  return {
    kind: "object",
    entries: node.entries.map((entry) => {
      const block = entry.value.kind === "object" ? convertBlock(entry.value, level, needs) : { entries: [], dropped: [] };
      const dangling = entry.value.kind === "object" ? [...entry.value.danglingComments, ...block.dropped] : block.dropped;
      return { key: tsKey(entry.key), value: { kind: "object", entries: block.entries, dangling }, leading: entry.leadingComments, ...trailing(entry) };
    }),
    dangling: node.danglingComments,
  };
}

interface SubdirectoryResult {
  readonly entries: TsEntry[];
  /** kernel/arch-<arch>/config.d fragments, to go into the arch blocks. */
  readonly archKernelConfig: Map<string, TsEntry[]>;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The artifact's subdirectories as blueprint fields (see {@link readArtifactContents}), each
 * referenced with file() or directory() relative to `base`, the folder the blueprint will be in.
 */
function subdirectories(artifact: ArtifactSource, base: string, referenceRoot: string, needs: Needs): SubdirectoryResult {
  const contents = readArtifactContents(artifact);
  const at = (path: string) => `./${relative(base, join(referenceRoot, path)).split("\\").join("/")}`;
  const reference = (ref: ContentRef): TsValue => {
    needs.helpers.add(ref.kind);
    return code(`${ref.kind}(${JSON.stringify(at(ref.path))})`);
  };
  const object = (items: ContentEntries): TsValue => ({ kind: "object", entries: items.map(([name, ref]) => ({ key: tsKey(name), value: reference(ref), leading: [] })), dangling: [] });
  const entries: TsEntry[] = [];
  const record = (key: string, items: ContentEntries): void => {
    if (items.length > 0) entries.push({ key, value: object(items), leading: [] });
  };
  record("files", contents.files);
  record("buildScripts", contents.buildScripts);
  if (contents.userBuildScripts.length > 0) {
    const users = contents.userBuildScripts.map(([user, scripts]): TsEntry => ({ key: tsKey(user), value: object(scripts), leading: [] }));
    entries.push({ key: "userBuildScripts", value: { kind: "object", entries: users, dangling: [] }, leading: [] });
  }
  record("kernelConfig", contents.kernelConfig);
  record("envFiles", contents.envFiles);
  record("savedconfig", contents.savedconfig);
  record("patches", contents.patches);
  if (contents.overlay !== undefined) entries.push({ key: "overlay", value: reference(contents.overlay), leading: [] });
  const archKernelConfig = new Map(contents.archKernelConfig.map(([arch, fragments]) => [arch, [{ key: "kernelConfig", value: object(fragments), leading: [] }]]));
  return { entries, archKernelConfig, diagnostics: contents.problems };
}

const INDENT = "  ";
const WIDTH = 100;

function printComment(comment: Comment): string {
  return comment.kind === "line" ? `//${comment.text}` : `/*${comment.text}*/`;
}

function inlineable(value: TsValue): string | undefined {
  if (value.kind === "code") return value.code;
  if (value.dangling.length > 0) return undefined;
  if (value.kind === "array") {
    if (value.items.some((item) => item.leading.length > 0 || item.trailing !== undefined || item.value.kind !== "code")) return undefined;
    return `[${value.items.map((item) => (item.value as { code: string }).code).join(", ")}]`;
  }
  return value.entries.length === 0 ? "{}" : undefined;
}

function printValue(value: TsValue, depth: number, prefix: number): string {
  const inline = inlineable(value);
  if (inline !== undefined && prefix + inline.length <= WIDTH) return inline;
  if (value.kind === "code") return value.code;
  const inner = INDENT.repeat(depth + 1);
  const lines: string[] = [];
  const members: TsItem[] = value.kind === "array" ? value.items : value.entries;
  for (const member of members) {
    for (const comment of member.leading) lines.push(`${inner}${printComment(comment)}`);
    const head = "key" in member ? `${inner}${(member as TsEntry).key}: ` : inner;
    const tail = member.trailing === undefined ? "" : ` ${printComment(member.trailing)}`;
    lines.push(`${head}${printValue(member.value, depth + 1, head.length)},${tail}`);
  }
  for (const comment of value.dangling) lines.push(`${inner}${printComment(comment)}`);
  const [open, close] = value.kind === "array" ? ["[", "]"] : ["{", "}"];
  return `${open}\n${lines.join("\n")}\n${INDENT.repeat(depth)}${close}`;
}

export interface ImportResult {
  readonly source: string;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Writes an artifact as a blueprint: genpack's keys in camelCase, `-atom` entries as
 * `remove()`, users and groups with the DSL's field names, the comments of genpack.json5 where
 * they stood, and the subdirectories referenced with file() and directory() relative to `base`,
 * the folder the blueprint goes in; `referenceRoot` is where the subdirectories will be, the
 * artifact itself unless they are copied beside the blueprint. Keys genpack ignores are left
 * out, with a comment saying so.
 */
export function importArtifact(artifact: ArtifactSource, base: string, referenceRoot = artifact.directory): ImportResult {
  const root = artifact.document.root;
  if (root.kind !== "object") throw new Error("importArtifact needs a checked artifact");
  const needs = new Needs();
  const { entries, dropped } = convertBlock(root, "top", needs);
  const diagnostics: Diagnostic[] = dropped
    .filter((comment) => comment.text.startsWith(DROPPED_PREFIX))
    .map((comment) => warning(codes.unknownKey, `The blueprint ${comment.text.slice(" gp import: ".length)}.`, { location: { file: artifact.file } }));
  if (!entries.some((entry) => entry.key === "name")) {
    // genpack names an artifact without `name` after its directory; the blueprint says it.
    entries.unshift({ key: "name", value: literal(basename(artifact.directory)), leading: [] });
  }
  const extra = subdirectories(artifact, base, referenceRoot, needs);
  for (const diagnostic of extra.diagnostics) diagnostics.push(diagnostic);
  if (extra.archKernelConfig.size > 0) {
    let arch = entries.find((entry) => entry.key === "arch");
    if (arch === undefined || arch.value.kind !== "object") {
      arch = { key: "arch", value: { kind: "object", entries: [], dangling: [] }, leading: [] };
      entries.push(arch);
    }
    const blocks = (arch.value as { entries: TsEntry[] }).entries;
    for (const [archName, kernelEntries] of extra.archKernelConfig) {
      const existing = blocks.find((block) => block.key === tsKey(archName));
      if (existing !== undefined && existing.value.kind === "object") for (const kernelEntry of kernelEntries) existing.value.entries.push(kernelEntry);
      else blocks.push({ key: tsKey(archName), value: { kind: "object", entries: kernelEntries, dangling: [] }, leading: [] });
    }
  }
  for (const entry of extra.entries) entries.push(entry);
  const body: TsValue = { kind: "object", entries, dangling: [...root.danglingComments, ...dropped] };
  const imports = [...needs.helpers].sort();
  // The header gp compile writes says the artifact came from a blueprint; the blueprint is that now.
  const comments = artifact.document.leadingComments;
  const header = generatedHeaderLines(comments.slice(0, 2).map((comment) => (comment.kind === "line" ? comment.text : "")));
  const leading = comments.slice(header).map((comment) => `${printComment(comment)}\n`).join("");
  const trailingText = artifact.document.trailingComments.map((comment) => `${printComment(comment)}\n`).join("");
  const source = `${leading}import { ${imports.join(", ")} } from "genpack-ts";\n\nexport default defineImage(${printValue(body, 0, "export default defineImage(".length)});\n${trailingText}`;
  return { source, diagnostics };
}
