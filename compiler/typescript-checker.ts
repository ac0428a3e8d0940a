import { dirname, resolve } from "node:path";
import type * as TS from "typescript";
import { codes } from "../errors/codes.js";
import type { ModuleBounds } from "./module-bounds.js";
import { error, type Diagnostic, type Location, type RelatedLocation } from "../errors/diagnostics.js";
import { lentTypes } from "./lend-packages.js";
import { sourceNestingProblem } from "./source-nesting.js";
import { loadTypeScript, type TypeScript } from "./typescript.js";
import { DEFAULT_TSCONFIG_OPTIONS, outOfStack, readableWithin, refusedImports, type CheckGroup } from "./typecheck.js";

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
  readonly entries: readonly string[];
  /** Declaration files the project includes (a `gp catalog` file among them), which apply to every blueprint as under tsc. */
  readonly declarations: string[];
  readonly diagnostics: Diagnostic[];
}

/** A group's options and declaration files: its tsconfig.json's, or gp's defaults and the catalog beside. */
function configure(ts: TypeScript, group: CheckGroup): ConfigGroup {
  const diagnostics: Diagnostic[] = [];
  const declarations: string[] = group.catalog === undefined ? [] : [group.catalog];
  const configPath = group.tsconfig;
  if (configPath === undefined) {
    const options = { ...ts.convertCompilerOptionsFromJson(DEFAULT_TSCONFIG_OPTIONS, dirname(group.entries[0] as string)).options, noEmit: true };
    return { options, entries: group.entries, declarations, diagnostics };
  }
  let options: TS.CompilerOptions = {};
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
  } else {
    options = { ...ts.convertCompilerOptionsFromJson(DEFAULT_TSCONFIG_OPTIONS, dirname(configPath)).options, noEmit: true };
  }
  return { options, entries: group.entries, declarations, diagnostics };
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
  const allowed = readableWithin(bounds, refused);
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
 * Type-checks each group of blueprints with TypeScript 6 through its compiler API, one program
 * per group, with a compiler host that keeps to the blueprints' bounds.
 */
export function typescriptTypecheck(groups: readonly CheckGroup[], bounds: ModuleBounds): { diagnostics: Diagnostic[]; version: string } {
  const ts = loadTypeScript();
  const diagnostics: Diagnostic[] = [];
  for (const group of groups.map((each) => configure(ts, each))) {
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
      tooDeep.push(outOfStack(group.entries[0] as string));
    }
    for (const diagnostic of tooDeep) diagnostics.push(diagnostic);
    for (const diagnostic of refusedImports(refused, bounds)) diagnostics.push(diagnostic);
  }
  return { diagnostics, version: ts.version };
}
