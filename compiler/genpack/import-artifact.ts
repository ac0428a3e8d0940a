import { lstatSync, readdirSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { codes } from "../codes.js";
import { error, warning, type Diagnostic } from "../diagnostics.js";
import { fieldByGenpackKey, fields, type FieldInfo, type FieldName, type Level } from "../fields.js";
import type { Comment, Entry, Item, ObjectNode, ValueNode } from "../json5/syntax.js";
import type { ArtifactSource } from "./read-artifact.js";
import { quote } from "../quote.js";

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

/** genpack's user and group fields, hyphenated aliases included, and the DSL's names for them. */
const ACCOUNT_FIELDS: Readonly<Record<string, string>> = {
  name: "name",
  uid: "uid",
  gid: "gid",
  comment: "comment",
  home: "home",
  shell: "shell",
  initial_group: "initialGroup",
  "initial-group": "initialGroup",
  additional_groups: "additionalGroups",
  "additional-groups": "additionalGroups",
  create_home: "createHome",
  "create-home": "createHome",
  empty_password: "emptyPassword",
  "empty-password": "emptyPassword",
};

/** One user or group: genpack's names become the DSL's; where both spellings are given, genpack takes the underscore one. */
function accountValue(node: ValueNode, needs: Needs): TsValue {
  if (node.kind !== "object") return plainValue(node, needs);
  const entries: TsEntry[] = [];
  const dropped: Comment[] = [];
  const keys = new Set(node.entries.map((entry) => entry.key));
  for (const entry of node.entries) {
    const name = Object.hasOwn(ACCOUNT_FIELDS, entry.key) ? ACCOUNT_FIELDS[entry.key] : undefined;
    const underscore = entry.key.replace(/-/g, "_");
    if (name === undefined || (underscore !== entry.key && keys.has(underscore))) {
      for (const comment of entry.leadingComments) dropped.push(comment);
      dropped.push(droppedNote(entry.key, name === undefined ? "genpack does not read it" : `genpack takes ${quote(underscore)} instead`));
      if (entry.trailingComment !== undefined) dropped.push(entry.trailingComment);
      continue;
    }
    const value = entry.value;
    // genpack passes ids through str() to useradd, which reads "0100" and 100 alike.
    const converted = (name === "uid" || name === "gid") && value.kind === "string" && /^\d+$/.test(value.value) ? code(String(Number(value.value))) : plainValue(value, needs);
    entries.push({ key: name, value: converted, leading: entry.leadingComments, ...trailing(entry) });
  }
  return { kind: "object", entries, dangling: [...node.danglingComments, ...dropped] };
}

/** `users` and `groups`, element by element. */
function accountsValue(node: ValueNode, needs: Needs): TsValue {
  if (node.kind !== "array") return plainValue(node, needs);
  return {
    kind: "array",
    items: node.items.map((item) => ({ value: accountValue(item.value, needs), leading: item.leadingComments, ...trailing(item) })),
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
      for (const comment of entry.leadingComments) dropped.push(comment);
      dropped.push(droppedNote(entry.key, name === undefined ? "genpack does not read it" : "genpack does not read it here"));
      if (entry.trailingComment !== undefined) dropped.push(entry.trailingComment);
      continue;
    }
    let value: TsValue;
    if (name === "packages") value = packagesValue(entry.value, needs);
    else if (name === "users" || name === "groups") value = accountsValue(entry.value, needs);
    else if (name === "arch" || name === "variants") value = blocksValue(entry.value, name === "variants" ? "variant" : level === "top" ? "arch" : "variantArch", needs);
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

/** Entries of a directory, sorted, as name and kind. */
function listing(path: string): { name: string; kind: "file" | "directory" | "symlink" | "other" }[] {
  return readdirSync(path, { withFileTypes: true })
    .map((entry) => ({ name: entry.name, kind: entry.isSymbolicLink() ? ("symlink" as const) : entry.isDirectory() ? ("directory" as const) : entry.isFile() ? ("file" as const) : ("other" as const) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function exists(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

interface SubdirectoryResult {
  readonly entries: TsEntry[];
  /** kernel/arch-<arch>/config.d fragments, to go into the arch blocks. */
  readonly archKernelConfig: Map<string, TsEntry[]>;
  readonly diagnostics: Diagnostic[];
}

/**
 * The artifact's subdirectories as blueprint fields: files/ (build.d becomes build scripts),
 * kernel/, env/, savedconfig/, patches/ and overlay/, each referenced with file() or
 * directory() relative to `base`, the folder the blueprint will be in.
 */
function subdirectories(artifact: ArtifactSource, base: string, referenceRoot: string, needs: Needs): SubdirectoryResult {
  const entries: TsEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  const archKernelConfig = new Map<string, TsEntry[]>();
  const at = (path: string) => `./${relative(base, join(referenceRoot, path)).split("\\").join("/")}`;
  const fileRef = (path: string) => {
    needs.helpers.add("file");
    return code(`file(${JSON.stringify(at(path))})`);
  };
  const directoryRef = (path: string) => {
    needs.helpers.add("directory");
    return code(`directory(${JSON.stringify(at(path))})`);
  };
  const record = (key: string, items: [string, TsValue][]): void => {
    if (items.length > 0) entries.push({ key, value: { kind: "object", entries: items.map(([name, value]) => ({ key: tsKey(name), value, leading: [] })), dangling: [] }, leading: [] });
  };
  const unsupported = (path: string, why: string) =>
    diagnostics.push(error(codes.wrongType, `${path} cannot be carried into a blueprint: ${why}.`, { location: { file: join(artifact.directory, path) } }));

  if (exists(join(artifact.directory, "files"))) {
    const files: [string, TsValue][] = [];
    const scripts: [string, TsValue][] = [];
    const userScripts: [string, TsValue][] = [];
    for (const entry of listing(join(artifact.directory, "files"))) {
      const path = `files/${entry.name}`;
      if (entry.name === "build.d" && entry.kind === "directory") {
        for (const script of listing(join(artifact.directory, path))) {
          if (script.kind === "file") scripts.push([script.name, fileRef(`${path}/${script.name}`)]);
          else if (script.kind === "directory") {
            const items: [string, TsValue][] = listing(join(artifact.directory, path, script.name)).flatMap((userScript): [string, TsValue][] =>
              userScript.kind === "file" ? [[userScript.name, fileRef(`${path}/${script.name}/${userScript.name}`)]] : (unsupported(`${path}/${script.name}/${userScript.name}`, "build scripts run by a user are files"), []),
            );
            userScripts.push([script.name, { kind: "object", entries: items.map(([name, value]) => ({ key: tsKey(name), value, leading: [] })), dangling: [] }]);
          } else unsupported(`${path}/${script.name}`, "a build script must be a file");
        }
      } else if (entry.name === "build") {
        unsupported(path, "gp runs build scripts from build.d only; move it to files/build.d/");
      } else if (entry.kind === "directory") files.push([`/${entry.name}`, directoryRef(path)]);
      else if (entry.kind === "file") files.push([`/${entry.name}`, fileRef(path)]);
      else unsupported(path, "only files and directories can be named at the top of files/; a symbolic link there would be followed");
    }
    record("files", files);
    record("buildScripts", scripts);
    record("userBuildScripts", userScripts);
  }

  if (exists(join(artifact.directory, "kernel"))) {
    const common: [string, TsValue][] = [];
    for (const entry of listing(join(artifact.directory, "kernel"))) {
      const archMatch = /^arch-(.+)$/.exec(entry.name);
      const configDirectory = archMatch === null ? (entry.name === "config.d" ? "kernel/config.d" : undefined) : `kernel/${entry.name}/config.d`;
      if (configDirectory === undefined || entry.kind !== "directory") {
        unsupported(`kernel/${entry.name}`, "gp writes kernel config fragments to kernel/config.d/ and kernel/arch-<arch>/config.d/ only");
        continue;
      }
      if (archMatch !== null) {
        const others = listing(join(artifact.directory, "kernel", entry.name)).filter((child) => child.name !== "config.d");
        for (const other of others) unsupported(`kernel/${entry.name}/${other.name}`, "gp writes kernel config fragments to config.d/ only");
        if (!exists(join(artifact.directory, configDirectory))) continue;
      }
      const fragments: [string, TsValue][] = listing(join(artifact.directory, configDirectory)).flatMap((fragment): [string, TsValue][] =>
        fragment.kind === "file" && fragment.name.endsWith(".config")
          ? [[fragment.name, fileRef(`${configDirectory}/${fragment.name}`)]]
          : (unsupported(`${configDirectory}/${fragment.name}`, "kernel config fragments are *.config files"), []),
      );
      if (archMatch === null) for (const fragment of fragments) common.push(fragment);
      else archKernelConfig.set(archMatch[1] as string, [{ key: "kernelConfig", value: { kind: "object", entries: fragments.map(([name, value]) => ({ key: tsKey(name), value, leading: [] })), dangling: [] }, leading: [] }]);
    }
    record("kernelConfig", common);
  }

  if (exists(join(artifact.directory, "env"))) {
    const envFiles: [string, TsValue][] = listing(join(artifact.directory, "env")).flatMap((entry): [string, TsValue][] =>
      entry.kind === "file" ? [[entry.name, fileRef(`env/${entry.name}`)]] : (unsupported(`env/${entry.name}`, "Portage environment files are plain files"), []),
    );
    record("envFiles", envFiles);
  }

  if (exists(join(artifact.directory, "savedconfig"))) {
    const saved: [string, TsValue][] = [];
    const walk = (path: string) => {
      for (const entry of listing(join(artifact.directory, path))) {
        if (entry.kind === "directory") walk(`${path}/${entry.name}`);
        else if (entry.kind === "file") saved.push([`${path}/${entry.name}`.slice("savedconfig/".length), fileRef(`${path}/${entry.name}`)]);
        else unsupported(`${path}/${entry.name}`, "saved configurations are files");
      }
    };
    walk("savedconfig");
    record("savedconfig", saved);
  }

  if (exists(join(artifact.directory, "patches"))) {
    const patches: [string, TsValue][] = [];
    for (const category of listing(join(artifact.directory, "patches"))) {
      if (category.kind !== "directory") {
        unsupported(`patches/${category.name}`, "patches live in patches/<category>/<package>/");
        continue;
      }
      for (const target of listing(join(artifact.directory, "patches", category.name))) {
        if (target.kind === "directory") patches.push([`${category.name}/${target.name}`, directoryRef(`patches/${category.name}/${target.name}`)]);
        else unsupported(`patches/${category.name}/${target.name}`, "patches live in patches/<category>/<package>/");
      }
    }
    record("patches", patches);
  }

  if (exists(join(artifact.directory, "overlay"))) entries.push({ key: "overlay", value: directoryRef("overlay"), leading: [] });
  return { entries, archKernelConfig, diagnostics };
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
  const leading = artifact.document.leadingComments.map((comment) => `${printComment(comment)}\n`).join("");
  const trailingText = artifact.document.trailingComments.map((comment) => `${printComment(comment)}\n`).join("");
  const source = `${leading}import { ${imports.join(", ")} } from "genpack-ts";\n\nexport default defineImage(${printValue(body, 0, "export default defineImage(".length)});\n${trailingText}`;
  return { source, diagnostics };
}
