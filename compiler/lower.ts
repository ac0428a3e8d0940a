import type { UseExpandGroups } from "../dsl/index.js";
import { fields, type FieldInfo, type FieldName, type Level } from "./fields.js";
import { json5Object, type Json5Object, type Json5Value } from "../genpack/json5/document.js";
import { NESTED_KEY_SEPARATOR, blocksOf, entriesOf, itemsOf, scalarOf, type MergedBlock, type Sourced } from "./merge-layers.js";
import { UniqueValues } from "../genpack/unique-values.js";
import { applyPackageOperations, packageOperations } from "./package-list.js";

/** A file or tree of the artifact directory, still to be read from its source. */
export interface FileRequest {
  /** Path relative to the artifact directory, with `/` separators. */
  readonly path: string;
  /** A FileSource or TreeSource value, with its origin. */
  readonly source: Sourced;
  /**
   * What the entry holds, which decides its default mode and the checks it gets. Package
   * scripts, like build scripts, must be runnable: genpack's runner executes them directly.
   */
  readonly role: "file" | "tree" | "build-script" | "package-script";
}

/** The lowered image: genpack.json5's document and the files beside it. */
export interface LoweredArtifact {
  readonly document: Json5Object;
  readonly files: readonly FileRequest[];
  readonly name: string;
}

/** The fields that appear in genpack.json5 at a level, in genpack's processing order. */
function genpackFieldsAt(level: Level): FieldName[] {
  return (Object.keys(fields) as FieldName[]).filter((name) => {
    const info: FieldInfo = fields[name];
    return info.genpackKey !== undefined && info.levels.includes(level);
  });
}

/** One USE setting as the string genpack writes into package.use: flags first, then groups. */
export function lowerUse(value: unknown): Json5Value {
  if (value === null || typeof value === "string") return value;
  const flags: string[] = [];
  const groups: string[] = [];
  const addGroups = (object: UseExpandGroups) => {
    for (const [name, values] of Object.entries(object)) {
      // Portage applies a `NAME:` marker to every token after it, so groups must come last.
      if (values !== undefined) groups.push(`${name}: ${values.join(" ")}`.trimEnd());
    }
  };
  if (Array.isArray(value)) {
    for (const element of value as readonly unknown[]) {
      if (typeof element === "string") flags.push(element.trim());
      else addGroups(element as UseExpandGroups);
    }
  } else {
    addGroups(value as UseExpandGroups);
  }
  return [...flags, ...groups].join(" ");
}

function lowerUser(value: unknown): Json5Value {
  if (typeof value === "string") return json5Object([["name", value]]);
  const user = value as Record<string, unknown>;
  return json5Object([
    ["name", user["name"] as string],
    ["uid", user["uid"] as number | undefined],
    ["comment", user["comment"] as string | undefined],
    ["home", user["home"] as string | undefined],
    ["shell", user["shell"] as string | undefined],
    ["initial_group", user["initialGroup"] as string | undefined],
    ["additional_groups", user["additionalGroups"] as Json5Value | undefined],
    ["create_home", user["createHome"] as boolean | undefined],
    ["empty_password", user["emptyPassword"] as boolean | undefined],
  ]);
}

function lowerGroup(value: unknown): Json5Value {
  if (typeof value === "string") return value;
  const group = value as Record<string, unknown>;
  return json5Object([
    ["name", group["name"] as string],
    ["gid", group["gid"] as number | undefined],
  ]);
}

function lowerPackages(block: MergedBlock, level: Level): Json5Value | undefined {
  const operations = packageOperations(itemsOf(block, "packages"));
  if (operations.length === 0) return undefined;
  if (level === "top") {
    // At the top genpack merges into an empty list, so the result is exactly this list.
    const present = UniqueValues.empty();
    applyPackageOperations(present, operations);
    return present.values() as string[];
  }
  // Elsewhere a removal also acts on what the top level built, so the sequence stays as written.
  return operations.map((operation) => (operation.kind === "add" ? operation.atom : `-${operation.atom}`));
}

function lowerRecord(block: MergedBlock, name: FieldName, lowerValue: (value: unknown) => Json5Value): Json5Value | undefined {
  const entries = entriesOf(block, name);
  if (entries.size === 0) return undefined;
  return json5Object([...entries].map(([key, entry]) => [key, lowerValue(entry.value)] as const));
}

function lowerList(block: MergedBlock, name: FieldName, lowerValue: (value: unknown) => Json5Value): Json5Value | undefined {
  const items = itemsOf(block, name);
  return items.length === 0 ? undefined : items.map((item) => lowerValue(item.value));
}

const asJson = (value: unknown): Json5Value => value as Json5Value;

function lowerField(block: MergedBlock, name: FieldName, level: Level): Json5Value | undefined {
  switch (name) {
    case "packages":
      return lowerPackages(block, level);
    case "use":
      return lowerRecord(block, name, lowerUse);
    case "acceptKeywords":
    case "license":
    case "env":
      return lowerRecord(block, name, asJson);
    case "users":
      return lowerList(block, name, lowerUser);
    case "groups":
      return lowerList(block, name, lowerGroup);
    case "buildtimePackages":
    case "mask":
    case "binpkgExcludes":
    case "services":
    case "setupCommands":
      return lowerList(block, name, asJson);
    case "circulardepBreaker": {
      const breaker = scalarOf(block, name)?.value as { packages: string[]; use?: string } | undefined;
      return breaker === undefined ? undefined : json5Object([["packages", breaker.packages], ["use", breaker.use]]);
    }
    case "arch":
      return lowerBlocks(block, "arch", level === "top" ? "arch" : "variantArch");
    case "variants":
      return lowerBlocks(block, "variants", "variant");
    default:
      return scalarOf(block, name)?.value as Json5Value | undefined;
  }
}

function lowerBlocks(block: MergedBlock, name: "arch" | "variants", level: Level): Json5Value | undefined {
  const lowered = [...blocksOf(block, name)].map(([key, inner]) => [key, lowerBlock(inner, level)] as const);
  // An arch block that only held kernel config fragments says nothing to genpack.json5; an
  // empty variant still defines a variant, so it stays.
  const kept = name === "arch" ? lowered.filter(([, inner]) => inner.entries.length > 0) : lowered;
  return kept.length === 0 ? undefined : json5Object(kept);
}

function lowerBlock(block: MergedBlock, level: Level): Json5Object {
  return json5Object(genpackFieldsAt(level).map((name) => [(fields[name] as FieldInfo).genpackKey as string, lowerField(block, name, level)] as const));
}

/** The files of the artifact directory that the merged spec asks for, in a fixed order. */
function fileRequests(merged: MergedBlock): FileRequest[] {
  const requests: FileRequest[] = [];
  const add = (prefix: string, name: FieldName, role: FileRequest["role"]) => {
    for (const [key, source] of entriesOf(merged, name)) {
      requests.push({ path: `${prefix}${key}`.replace(/\/$/, ""), source, role });
    }
  };
  for (const [key, source] of entriesOf(merged, "files")) {
    requests.push({ path: key === "/" ? "files" : `files${key}`, source, role: "tree" });
  }
  add("files/build.d/", "buildScripts", "build-script");
  for (const [key, source] of entriesOf(merged, "userBuildScripts")) {
    const [user, script] = key.split(NESTED_KEY_SEPARATOR);
    requests.push({ path: `files/build.d/${user}/${script}`, source, role: "build-script" });
  }
  add("kernel/config.d/", "kernelConfig", "file");
  for (const [archKey, block] of blocksOf(merged, "arch")) {
    for (const arch of archKey.split("|")) {
      for (const [name, source] of entriesOf(block, "kernelConfig")) {
        requests.push({ path: `kernel/arch-${arch}/config.d/${name}`, source, role: "file" });
      }
    }
  }
  add("env/", "envFiles", "file");
  add("savedconfig/", "savedconfig", "tree");
  for (const [target, source] of entriesOf(merged, "patches")) {
    const value = source.value as Record<string, unknown>;
    if (value["kind"] === "directory") {
      requests.push({ path: `patches/${target}`, source, role: "tree" });
      continue;
    }
    for (const [name, patch] of Object.entries(value)) {
      requests.push({
        path: `patches/${target}/${name}`,
        source: { value: patch, origin: { ...source.origin, path: [...source.origin.path, name] } },
        role: "file",
      });
    }
  }
  // Each layer may bring ebuilds of its own; their overlays merge into one repository.
  for (const overlay of itemsOf(merged, "overlay")) requests.push({ path: "overlay", source: overlay, role: "tree" });
  return requests;
}

/**
 * Lowers the merged spec to what genpack reads: the genpack.json5 document, with genpack's key
 * names in genpack's order and nothing empty, and the list of files to write beside it.
 * Pure: reading the files is left to `emit`.
 */
export function lower(merged: MergedBlock, defaultName: string): LoweredArtifact {
  const name = (scalarOf(merged, "name")?.value as string | undefined) ?? defaultName;
  const document = lowerBlock(merged, "top");
  // The name is always written, so genpack never falls back to the directory name with a warning.
  const entries = document.entries.filter(([key]) => key !== "name");
  return { document: { entries: [["name", name], ...entries] }, files: fileRequests(merged), name };
}
