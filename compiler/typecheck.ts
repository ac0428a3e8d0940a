import { realpathSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type * as TS from "typescript";
import { codes } from "../errors/codes.js";
import { moduleBounds, type ModuleBounds } from "./module-bounds.js";
import { error, type Diagnostic, type Location, type RelatedLocation } from "../errors/diagnostics.js";
import { lentTypes } from "./lend-packages.js";
import { sourceNestingProblem } from "./source-nesting.js";
import { loadTypeScript, type TypeScript } from "./typescript.js";

/**
 * Options for blueprints that no tsconfig.json covers. gp bundles blueprints, so resolution is
 * the bundler's; only the ES library is loaded (no DOM), which keeps a check fast, and type
 * packages such as @types/node apply when they are installed, as with tsc.
 */
export const DEFAULT_COMPILER_OPTIONS: TS.CompilerOptions = {
  target: 9 /* ES2022 */,
  module: 200 /* Preserve */,
  moduleResolution: 100 /* Bundler */,
  lib: ["lib.es2023.d.ts"],
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  allowImportingTsExtensions: true,
  resolveJsonModule: true,
  isolatedModules: true,
};

function positionOf(file: TS.SourceFile, offset: number): { line: number; column: number } {
  const { line, character } = file.getLineAndCharacterOfPosition(offset);
  return { line: line + 1, column: character + 1 };
}

function locationOf(file: TS.SourceFile | undefined, start: number | undefined, length: number | undefined): Location | undefined {
  if (file === undefined) return undefined;
  if (start === undefined) return { file: resolve(file.fileName) };
  return { file: resolve(file.fileName), start: positionOf(file, start), end: positionOf(file, start + (length ?? 0)) };
}

function toDiagnostic(ts: TypeScript, diagnostic: TS.Diagnostic): Diagnostic {
  const location = locationOf(diagnostic.file, diagnostic.start, diagnostic.length);
  const related: RelatedLocation[] = [];
  for (const info of diagnostic.relatedInformation ?? []) {
    const relatedLocation = locationOf(info.file, info.start, info.length);
    if (relatedLocation !== undefined) related.push({ message: ts.flattenDiagnosticMessageText(info.messageText, "\n"), ...relatedLocation });
  }
  return {
    code: `TS${diagnostic.code}`,
    severity: diagnostic.category === ts.DiagnosticCategory.Error ? "error" : "warning",
    message: ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"),
    ...(location === undefined ? {} : { location }),
    ...(related.length === 0 ? {} : { related }),
  };
}

interface ConfigGroup {
  readonly options: TS.CompilerOptions;
  readonly entries: string[];
  /** Declaration files the project includes (a `gp catalog` file among them), which apply to every blueprint as under tsc. */
  readonly declarations: string[];
  readonly diagnostics: Diagnostic[];
}

/** The file `gp catalog` writes by default; beside a blueprint no tsconfig.json covers, it applies to it. */
const CATALOG_FILE = "gp-catalog.d.ts";

/** Groups blueprints by the tsconfig.json that covers them, as an editor would. */
function groupByConfig(ts: TypeScript, entries: readonly string[]): ConfigGroup[] {
  const groups = new Map<string, ConfigGroup>();
  for (const entry of entries) {
    const configPath = ts.findConfigFile(dirname(entry), ts.sys.fileExists, "tsconfig.json");
    // Without a tsconfig.json, a catalog beside the blueprint applies to it alone.
    const beside = resolve(dirname(entry), CATALOG_FILE);
    const catalogBeside = configPath === undefined && ts.sys.fileExists(beside) ? beside : undefined;
    const key = configPath ?? `:${catalogBeside ?? ""}`;
    let group = groups.get(key);
    if (group === undefined) {
      const diagnostics: Diagnostic[] = [];
      let options = DEFAULT_COMPILER_OPTIONS;
      const declarations: string[] = catalogBeside === undefined ? [] : [catalogBeside];
      if (configPath !== undefined) {
        const parsed = ts.getParsedCommandLineOfConfigFile(configPath, { noEmit: true }, {
          ...ts.sys,
          onUnRecoverableConfigFileDiagnostic: (diagnostic) => diagnostics.push(configDiagnostic(ts, diagnostic, configPath)),
        });
        if (parsed !== undefined) {
          options = { ...parsed.options, noEmit: true };
          for (const file of parsed.fileNames) if (file.endsWith(".d.ts")) declarations.push(file);
          for (const problem of parsed.errors) {
            // A tsconfig whose `include` matches nothing is fine: gp names the files itself.
            if (problem.code !== 18003) diagnostics.push(configDiagnostic(ts, problem, configPath));
          }
        }
      }
      group = { options, entries: [], declarations, diagnostics };
      groups.set(key, group);
    }
    group.entries.push(entry);
  }
  return [...groups.values()];
}

function configDiagnostic(ts: TypeScript, diagnostic: TS.Diagnostic, configPath: string): Diagnostic {
  const converted = toDiagnostic(ts, diagnostic);
  return error(codes.tsconfigInvalid, converted.message, { location: converted.location ?? { file: configPath } });
}

/**
 * A compiler host that reads no file reached through a link out of the blueprints' projects (see
 * moduleBounds): TypeScript quotes what it cannot parse, so such a file would reach the output.
 * To TypeScript it is missing; each one refused is reported once, as GP1011. A file that nests
 * too deep stands as an empty file and is reported: TypeScript parses and checks by recursion, a
 * level of its stack per level of nesting.
 */
function createHost(ts: TypeScript, options: TS.CompilerOptions, bounds: ModuleBounds, refused: Map<string, string>, tooDeep: Diagnostic[]): TS.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const libraries = dirname(ts.getDefaultLibFilePath(options));
  const allowed = (fileName: string): boolean => {
    let real: string;
    try {
      real = realpathSync.native(fileName);
    } catch {
      return true;
    }
    if (bounds.allows(real)) return true;
    refused.set(resolve(fileName), real);
    return false;
  };
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (fileName) => fileExists.call(host, fileName) && allowed(fileName);
  host.readFile = (fileName) => (allowed(fileName) ? readFile.call(host, fileName) : undefined);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (dirname(resolve(fileName)) === libraries) return getSourceFile.call(host, fileName, languageVersion, onError, shouldCreate);
    const text = host.readFile(fileName);
    if (text === undefined) return undefined;
    const problem = sourceNestingProblem(resolve(fileName), text);
    if (problem !== undefined) tooDeep.push(problem);
    return ts.createSourceFile(fileName, problem === undefined ? text : "", languageVersion, true);
  };
  const cache = ts.createModuleResolutionCache(host.getCurrentDirectory(), (name) => name, options);
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, compilerOptions, containing) =>
    literals.map((literal) => {
      const mode = ts.getModeForUsageLocation(containing, literal, compilerOptions);
      const own = ts.resolveModuleName(literal.text, containingFile, compilerOptions, host, cache, redirected, mode);
      if (own.resolvedModule !== undefined) return own;
      // Blueprints outside any project resolve genpack-ts and its profiles from gp itself.
      return lentTypes(ts, literal.text, compilerOptions, host, cache, redirected, mode) ?? own;
    });
  return host;
}

/**
 * Type-checks blueprints, as `tsc --noEmit` would with the tsconfig.json that covers each one
 * (or gp's defaults), in one program per configuration so the library files load once.
 * Reports errors in every file the blueprints import, profiles included.
 */
export function typecheck(entries: readonly string[]): Diagnostic[] {
  const bounds = moduleBounds(entries);
  const ts = loadTypeScript();
  const diagnostics: Diagnostic[] = [];
  for (const group of groupByConfig(ts, entries)) {
    for (const diagnostic of group.diagnostics) diagnostics.push(diagnostic);
    const refused = new Map<string, string>();
    const tooDeep: Diagnostic[] = [];
    try {
      const program = ts.createProgram({ rootNames: [...group.declarations, ...group.entries], options: group.options, host: createHost(ts, group.options, bounds, refused, tooDeep) });
      // Types of a file that stands empty would only add errors that follow from it.
      const found = tooDeep.length > 0 ? [] : ts.getPreEmitDiagnostics(program);
      for (const diagnostic of found) diagnostics.push(toDiagnostic(ts, diagnostic));
    } catch (failure) {
      if (!(failure instanceof RangeError)) throw failure;
      // Nesting the bracket count cannot see (a chain of thousands of arrow functions or
      // conditionals) exhausts the stack all the same; say so rather than crash.
      tooDeep.push(
        error(codes.sourceTooDeep, "TypeScript ran out of stack reading these files: some code nests too deep, such as a chain of thousands of nested functions or conditional expressions.", {
          location: { file: group.entries[0] as string },
          hint: "Build deeply nested data in a loop, or flatten the code.",
        }),
      );
    }
    for (const diagnostic of tooDeep) diagnostics.push(diagnostic);
    for (const [file, real] of refused) {
      diagnostics.push(
        error(codes.importOutsideProject, `This file leads through a symbolic link to ${real}, outside the blueprint's project (${bounds.projects.join(", ")}); gp does not read it, so TypeScript does not find it.`, {
          location: { file },
          hint: "Import modules and data from the project itself or from installed packages; copy what the link points to into the project.",
        }),
      );
    }
  }
  return diagnostics;
}
