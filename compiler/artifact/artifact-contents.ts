import { lstatSync, readdirSync, type Stats } from "node:fs";
import { join } from "node:path";
import { ARCHES } from "../../dsl/index.js";
import { codes, type CodeEntry } from "../../errors/codes.js";
import { error, formatValuePath, type Diagnostic, type ValuePath } from "../../errors/diagnostics.js";
import * as check from "../validate/checks.js";
import { locateInDocument } from "./locate.js";
import { isDictionary } from "../../genpack/merge.js";
import { fromSyntax } from "../../genpack/python.js";
import type { PlainValue } from "../../genpack/json5/syntax.js";
import type { ArtifactSource } from "./read-artifact.js";

/** A file or directory of the artifact a blueprint names, by its path below the artifact (with `/`). */
export interface ContentRef {
  readonly kind: "file" | "directory";
  readonly path: string;
}

/** Named entries of one blueprint field, in name order. */
export type ContentEntries = readonly (readonly [string, ContentRef])[];

/**
 * The artifact's subdirectories as the blueprint fields that would write them: files/ (its
 * build.d/ as build scripts), kernel/, env/, savedconfig/, patches/ and overlay/.
 */
export interface ArtifactContents {
  readonly files: ContentEntries;
  readonly buildScripts: ContentEntries;
  readonly userBuildScripts: readonly (readonly [string, ContentEntries])[];
  readonly kernelConfig: ContentEntries;
  /** kernel/arch-<arch>/config.d/, by arch: a blueprint's arch blocks. */
  readonly archKernelConfig: readonly (readonly [string, ContentEntries])[];
  readonly envFiles: ContentEntries;
  readonly savedconfig: ContentEntries;
  readonly patches: ContentEntries;
  readonly overlay?: ContentRef;
  /** What a blueprint cannot hold, or would refuse, each an error at its path on disk or in genpack.json5. */
  readonly problems: readonly Diagnostic[];
}

type Kind = "file" | "directory" | "symlink" | "other";

function kindOf(stats: Stats): Kind {
  return stats.isSymbolicLink() ? "symlink" : stats.isDirectory() ? "directory" : stats.isFile() ? "file" : "other";
}

/** Entries of a directory, sorted by name, with their kind and mode. */
function listing(path: string): { name: string; kind: Kind; mode: number }[] {
  return readdirSync(path)
    .sort()
    .map((name) => {
      const stats = lstatSync(join(path, name));
      return { name, kind: kindOf(stats), mode: stats.mode };
    });
}

function kindAt(path: string): Kind | undefined {
  try {
    return kindOf(lstatSync(path));
  } catch {
    return undefined;
  }
}

/**
 * Reads what a blueprint for this artifact would name, and everything a blueprint could not
 * hold or would refuse, judged by the rules blueprints are held to (the same predicates), so
 * that `gp check` on the artifact and `gp import` of it give one verdict:
 *
 * - only directories and regular files can be named; links, FIFOs, sockets and devices cannot,
 *   at the top of a subdirectory or anywhere in a tree a blueprint copies whole;
 * - names must be what the blueprint field takes as a key (a path in the image, a file name,
 *   an account name, a `category/package` patch target, an arch);
 * - build scripts must be runnable by genpack, and `files/build` has no place in a blueprint;
 * - every environment file that `env` names must be in env/.
 */
export function readArtifactContents(artifact: ArtifactSource): ArtifactContents {
  const directory = artifact.directory;
  const problems: Diagnostic[] = [];
  // A name on disk may hold a line break; messages show such a path quoted and escaped.
  const shown = (path: string) => (/[\u0000-\u001f\u007f]/.test(path) ? JSON.stringify(path) : path);
  const unsupported = (path: string, why: string) =>
    problems.push(error(codes.wrongType, `${shown(path)} cannot be carried into a blueprint: ${why}.`, { location: { file: join(directory, path) } }));
  const refused = (entry: CodeEntry, path: string, problem: string) =>
    problems.push(error(entry, `${shown(path)}: ${problem.replace(/\.$/, "")}.`, { location: { file: join(directory, path) } }));
  const file = (path: string): ContentRef => ({ kind: "file", path });
  /** A tree a blueprint copies whole with directory(): every entry must be a directory, file or link. */
  const tree = (path: string): ContentRef => {
    const walk = (relative: string) => {
      for (const entry of listing(join(directory, relative))) {
        if (entry.kind === "directory") walk(`${relative}/${entry.name}`);
        else if (entry.kind === "other") unsupported(`${relative}/${entry.name}`, "it is not a regular file, directory or symbolic link, which a blueprint cannot copy");
      }
    };
    walk(path);
    return { kind: "directory", path };
  };
  /** A top-level subdirectory, when it is a directory of the artifact's own. */
  const subdirectory = (name: string): boolean => {
    const kind = kindAt(join(directory, name));
    if (kind === "symlink") unsupported(name, "it is a symbolic link; a blueprint names folders of the artifact itself");
    else if (kind !== undefined && kind !== "directory") unsupported(name, "it is not a directory");
    return kind === "directory";
  };

  const files: [string, ContentRef][] = [];
  const buildScripts: [string, ContentRef][] = [];
  const userBuildScripts: [string, ContentEntries][] = [];
  const script = (path: string, name: string, mode: number): ContentRef => {
    const nameProblem = check.fileNameProblem(name);
    if (nameProblem !== undefined) refused(codes.invalidFileName, path, nameProblem);
    const runProblem = nameProblem === undefined ? check.buildScriptProblem(path.slice("files/".length), mode) : undefined;
    if (runProblem !== undefined) refused(codes.scriptNotRunnable, path, runProblem);
    return file(path);
  };
  if (subdirectory("files")) {
    for (const entry of listing(join(directory, "files"))) {
      const path = `files/${entry.name}`;
      if (entry.name === "build.d" && entry.kind === "directory") {
        for (const child of listing(join(directory, path))) {
          const childPath = `${path}/${child.name}`;
          if (child.kind === "file") buildScripts.push([child.name, script(childPath, child.name, child.mode)]);
          else if (child.kind === "directory") {
            const user = check.accountNameProblem(child.name);
            if (user !== undefined) refused(codes.invalidAccountName, childPath, `build scripts run as the user the folder is named after, and ${user}`);
            const scripts = listing(join(directory, childPath)).flatMap((userScript): [string, ContentRef][] =>
              userScript.kind === "file"
                ? [[userScript.name, script(`${childPath}/${userScript.name}`, userScript.name, userScript.mode)]]
                : (unsupported(`${childPath}/${userScript.name}`, "build scripts run by a user are files"), []),
            );
            userBuildScripts.push([child.name, scripts]);
          } else unsupported(childPath, "a build script must be a file");
        }
      } else if (entry.name === "build") {
        unsupported(path, "a blueprint has no place for files/build; move it to files/build.d/, which a blueprint holds as build scripts");
      } else if (entry.kind === "directory" || entry.kind === "file") {
        const problem = check.imagePathProblem(`/${entry.name}`) ?? check.reservedImagePathProblem(`/${entry.name}`);
        if (problem !== undefined) refused(codes.invalidImagePath, path, problem);
        files.push([`/${entry.name}`, entry.kind === "directory" ? tree(path) : file(path)]);
      } else unsupported(path, "only files and directories can be named at the top of files/; a symbolic link there would be followed");
    }
  }

  const kernelConfig: [string, ContentRef][] = [];
  const archKernelConfig: [string, ContentEntries][] = [];
  const fragments = (configDirectory: string): [string, ContentRef][] =>
    listing(join(directory, configDirectory)).flatMap((fragment): [string, ContentRef][] => {
      const problem = fragment.kind === "file" && fragment.name.endsWith(".config") ? check.fileNameProblem(fragment.name) : "kernel config fragments are *.config files";
      if (problem === undefined) return [[fragment.name, file(`${configDirectory}/${fragment.name}`)]];
      unsupported(`${configDirectory}/${fragment.name}`, problem);
      return [];
    });
  if (subdirectory("kernel")) {
    for (const entry of listing(join(directory, "kernel"))) {
      const archMatch = /^arch-(.+)$/.exec(entry.name);
      const configDirectory = archMatch === null ? (entry.name === "config.d" ? "kernel/config.d" : undefined) : `kernel/${entry.name}/config.d`;
      if (configDirectory === undefined || entry.kind !== "directory") {
        unsupported(`kernel/${entry.name}`, "a blueprint writes kernel config fragments to kernel/config.d/ and kernel/arch-<arch>/config.d/ only");
        continue;
      }
      if (archMatch === null) {
        kernelConfig.push(...fragments(configDirectory));
        continue;
      }
      const arch = archMatch[1] as string;
      if (!(ARCHES as readonly string[]).includes(arch)) {
        unsupported(`kernel/${entry.name}`, `"${arch}" is not an arch genpack builds for; expected ${ARCHES.join(", ")}`);
        continue;
      }
      for (const other of listing(join(directory, "kernel", entry.name)).filter((child) => child.name !== "config.d")) {
        unsupported(`kernel/${entry.name}/${other.name}`, "a blueprint writes kernel config fragments to config.d/ only");
      }
      if (kindAt(join(directory, configDirectory)) === "directory") archKernelConfig.push([arch, fragments(configDirectory)]);
      else if (kindAt(join(directory, configDirectory)) !== undefined) unsupported(configDirectory, "it is not a directory");
    }
  }

  const envFiles: [string, ContentRef][] = [];
  if (subdirectory("env")) {
    for (const entry of listing(join(directory, "env"))) {
      const problem = entry.kind === "file" ? check.fileNameProblem(entry.name) : "Portage environment files are plain files";
      if (problem !== undefined) unsupported(`env/${entry.name}`, problem);
      else envFiles.push([entry.name, file(`env/${entry.name}`)]);
    }
  }
  problems.push(...missingEnvFiles(artifact, new Set(envFiles.map(([name]) => name))));

  const savedconfig: [string, ContentRef][] = [];
  if (subdirectory("savedconfig")) {
    const walk = (path: string) => {
      for (const entry of listing(join(directory, path))) {
        const child = `${path}/${entry.name}`;
        if (entry.kind === "directory") walk(child);
        else if (entry.kind !== "file") unsupported(child, "saved configurations are files");
        else {
          const key = child.slice("savedconfig/".length);
          const problem = check.savedconfigPathProblem(key);
          if (problem !== undefined) refused(codes.invalidFileName, child, problem);
          savedconfig.push([key, file(child)]);
        }
      }
    };
    walk("savedconfig");
  }

  const patches: [string, ContentRef][] = [];
  if (subdirectory("patches")) {
    for (const category of listing(join(directory, "patches"))) {
      if (category.kind !== "directory") {
        unsupported(`patches/${category.name}`, "patches live in patches/<category>/<package>/");
        continue;
      }
      for (const target of listing(join(directory, "patches", category.name))) {
        const path = `patches/${category.name}/${target.name}`;
        if (target.kind !== "directory") {
          unsupported(path, "patches live in patches/<category>/<package>/");
          continue;
        }
        const problem = check.patchTargetProblem(`${category.name}/${target.name}`);
        if (problem !== undefined) refused(codes.invalidPatchTarget, path, problem);
        patches.push([`${category.name}/${target.name}`, tree(path)]);
      }
    }
  }

  const overlay = subdirectory("overlay") ? tree("overlay") : undefined;
  return { files, buildScripts, userBuildScripts, kernelConfig, archKernelConfig, envFiles, savedconfig, patches, ...(overlay === undefined ? {} : { overlay }), problems };
}

/**
 * Environment files that `env` names, in any block, but env/ lacks: Portage would not find
 * them, and a blueprint refuses them (its `env` may name only files of `envFiles`).
 */
function missingEnvFiles(artifact: ArtifactSource, defined: ReadonlySet<string>): Diagnostic[] {
  const json = fromSyntax(artifact.document.root);
  const problems: Diagnostic[] = [];
  const visit = (block: PlainValue | undefined, path: ValuePath) => {
    if (!isDictionary(block)) return;
    const env = block.get("env");
    if (isDictionary(env)) {
      for (const [atom, setting] of env) {
        const names = Array.isArray(setting) ? setting : [setting];
        names.forEach((name, index) => {
          if (typeof name !== "string" || defined.has(name)) return;
          const at: ValuePath = Array.isArray(setting) ? [...path, "env", atom, index] : [...path, "env", atom];
          problems.push(
            error(codes.unknownEnvFile, `${formatValuePath(at)}: applies "${name}" to ${atom}, but env/ holds no file of that name.`, {
              location: locateInDocument(artifact.file, artifact.document.root, at),
              path: at,
              hint: `Add env/${name}, or take it out of \`env\`.`,
            }),
          );
        });
      }
    }
    for (const key of ["arch", "variants"]) {
      const blocks = block.get(key);
      if (isDictionary(blocks)) for (const [name, inner] of blocks) visit(inner, [...path, key, name]);
    }
  };
  visit(json, []);
  return problems;
}
