import { basename, dirname, join, relative, resolve } from "node:path";
import type { CatalogNames } from "./catalog-check/catalog-names.js";
import { codes } from "../errors/codes.js";
import { error, hasErrors, type Diagnostic } from "../errors/diagnostics.js";
import { emit, type Artifact } from "./emit.js";
import { evaluateAll, type EvaluateOptions, type EvaluateResult } from "./evaluate.js";
import { generatedHeader } from "./generated-header.js";
import { findUncrossable } from "./sandbox/restore-exports.js";
import { collectLayers, LayerLocator, type Layer } from "./layers.js";
import type { Json5Object } from "../genpack/json5/document.js";
import type { SystemIniSchema } from "../genpack/system-ini/schema-document.js";
import { lower } from "./lower.js";
import { emitLocalPackages, localPackages } from "./packages/local-packages.js";
import { blocksOf, firstOriginOf, mergeLayers, scalarOf, type MergedBlock } from "./merge-layers.js";
import { rules, type Finding } from "./rules/index.js";
import { isTypeScriptBlueprint, loadBlueprint, reportFor, type StartedTypecheck } from "./start-typecheck.js";
import { typecheck, type CheckerUsed, type TypecheckReport } from "./typecheck.js";
import { imageFileNameProblem, nameProblem } from "./validate/checks.js";
import { IssueSink, type Issue } from "./validate/issues.js";
import { imageSettings } from "./system-ini/image-settings.js";
import { withSystemIniSchema } from "./system-ini/artifact-schema.js";
import { validateSpec } from "./validate/validate-spec.js";

export interface CompileOptions {
  /**
   * Type-check the blueprint and what it imports before running it.
   * @default true
   */
  readonly typecheck?: boolean;
  /** Directory the blueprint paths are relative to. @default process.cwd() */
  readonly cwd?: string;
  /**
   * Where the artifact will be written; only used to name the blueprint in genpack.json5's
   * header relative to it. @default the blueprint's `out/<name>`
   */
  readonly outDir?: string;
  /**
   * Judge the atoms, USE flags and licenses of the blueprint and every profile it extends by
   * this catalog (read with `readCatalogFile`), as `gp check --catalog` does.
   * @default no catalog: only their syntax is checked
   */
  readonly catalog?: CatalogNames;
  /** How blueprints are run: their time and memory limits, and where their console output goes. */
  readonly evaluation?: EvaluateOptions;
  /** A type-check of these blueprints begun already (startTypecheck), which this one takes over. */
  readonly checking?: StartedTypecheck;
}

/** The outcome of compiling one blueprint. Warnings come with success too. */
export interface CompileResult {
  readonly ok: boolean;
  /** Absolute path of the blueprint. */
  readonly entry: string;
  readonly diagnostics: readonly Diagnostic[];
  /** The artifact directory's content, when `ok`. */
  readonly artifact?: Artifact;
  /** The image name, when the blueprint got that far. */
  readonly name?: string;
  /** Every file the blueprint imports, itself included: what a rebuild depends on. */
  readonly dependencies: readonly string[];
  /**
   * Every file and directory the compile read, when `ok`: the dependencies and the `file()` and
   * `directory()` sources. The artifact is never written into a directory that holds one.
   */
  readonly reads?: readonly string[];
  /** The merged spec, with the origin of every value, when the blueprint got that far. */
  readonly merged?: MergedBlock;
  /** genpack.json5's document, as the artifact holds it, when `ok`: what genpack will read. */
  readonly document?: Json5Object;
  /** The image's system.ini schema, as the artifact holds it in `system-ini.json`, when `ok`. */
  readonly systemIniSchema?: SystemIniSchema;
  /** The type-checker that checked the blueprint; absent when none ran (`--no-check`, JavaScript). */
  readonly checker?: CheckerUsed;
}

/** The name an image gets when it sets none: its file name without `.image.ts`. */
export function defaultImageName(entry: string): string {
  return basename(entry).replace(/(?:\.image)?\.(?:[cm]?ts|tsx|[cm]?js)$/, "");
}

/** Where `gp compile` writes when no `-o` is given: `out/<name>` beside the blueprint. */
export function defaultOutDir(entry: string, name: string): string {
  return join(dirname(entry), "out", name);
}

function issueDiagnostic(issue: Issue, layer: Layer, locator: LayerLocator): Diagnostic {
  return {
    code: issue.entry.code,
    severity: issue.severity,
    message: issue.message,
    location: locator.locate(layer, issue.path, issue.target, issue.token),
    path: issue.path,
    ...(issue.hint === undefined ? {} : { hint: issue.hint }),
  };
}

/** Judges one layer's spec by a catalog, given the atoms of the image's own packages. */
type CatalogJudge = (spec: Layer["spec"], localAtoms: ReadonlySet<string>) => Issue[];

/** The judge of `catalog`, loaded only when there is one: compiling without a catalog never loads it. */
async function catalogJudge(catalog: CatalogNames | undefined): Promise<CatalogJudge | undefined> {
  if (catalog === undefined) return undefined;
  const { checkAgainstCatalog } = await import("./catalog-check/check-against-catalog.js");
  return (spec, localAtoms) => checkAgainstCatalog(spec, catalog, { localAtoms });
}

function findingDiagnostic(finding: Finding, locator: LayerLocator): Diagnostic {
  return {
    code: finding.entry.code,
    severity: finding.severity,
    message: finding.message,
    location: locator.locate(finding.at.layer, finding.at.path),
    path: finding.at.path,
    ...(finding.hint === undefined ? {} : { hint: finding.hint }),
    ...(finding.related === undefined
      ? {}
      : { related: finding.related.map((related) => ({ message: related.message, ...locator.locate(related.at.layer, related.at.path) })) }),
  };
}

/**
 * Variants whose image file, `<name>-<variant>-<arch>.squashfs` where no outfile is set, would
 * be longer than a file name can be, each at its variant.
 */
function longImageFileNames(merged: MergedBlock, stem: string, locator: LayerLocator, entry: string): Diagnostic[] {
  if (scalarOf(merged, "outfile") !== undefined) return [];
  const name = String(scalarOf(merged, "name")?.value ?? stem);
  return [...blocksOf(merged, "variants")].flatMap(([variant, block]) => {
    if (scalarOf(block, "outfile") !== undefined) return [];
    const problem = imageFileNameProblem(String(scalarOf(block, "name")?.value ?? `${name}-${variant}`));
    if (problem === undefined) return [];
    const origin = firstOriginOf(block);
    const location = origin === undefined ? { file: entry } : locator.locate(origin.layer, ["variants", variant], "key");
    return [error(codes.invalidVariantName, `Building the variant "${variant}", ${problem}.`, { location, path: ["variants", variant], hint: "Shorten the image or variant name, or set `outfile`." })];
  });
}

/**
 * Compiles a blueprint that has run: validate → merge → lower → emit. Each stage returns
 * diagnostics; the first stage with errors ends the run.
 */
function compileEvaluated(entry: string, evaluated: EvaluateResult, options: CompileOptions, judge?: CatalogJudge): CompileResult {
  if (!evaluated.ok) return { ok: false, entry, diagnostics: evaluated.diagnostics, dependencies: evaluated.dependencies };
  const { dependencies } = evaluated.module;
  const fail = (diagnostics: readonly Diagnostic[], extra: Partial<CompileResult> = {}): CompileResult => ({ ok: false, entry, diagnostics, dependencies, ...extra });

  const locator = new LayerLocator(entry);
  const collected = collectLayers(evaluated.module, locator);
  if (!collected.ok) return fail(collected.diagnostics);

  const diagnostics: Diagnostic[] = [...collected.warnings];
  for (const layer of collected.layers) {
    for (const { path, what } of findUncrossable(layer.spec)) {
      diagnostics.push(
        error(codes.notData, `${what.charAt(0).toUpperCase()}${what.slice(1)} cannot be part of a spec: gp takes a blueprint's result out of the process that ran it as plain data (strings, numbers, booleans, null, plain objects and lists).`, {
          location: locator.locate(layer, path),
          path,
        }),
      );
    }
  }
  if (hasErrors(diagnostics)) return fail(diagnostics);
  for (const layer of collected.layers) {
    const sink = new IssueSink();
    validateSpec(layer.spec, layer.kind === "image" ? "image" : "profile", sink);
    for (const issue of sink.issues) diagnostics.push(issueDiagnostic(issue, layer, locator));
  }
  if (hasErrors(diagnostics)) return fail(diagnostics);

  // The image's own packages: collected and checked here, emitted after the rest.
  const packages = localPackages(collected.layers, locator);
  diagnostics.push(...packages.diagnostics);
  if (!packages.ok) return fail(diagnostics);
  const local = packages.local;

  const merged = mergeLayers(local.layers);
  for (const rule of rules) for (const finding of rule(merged)) diagnostics.push(findingDiagnostic(finding, locator));
  if (judge !== undefined) {
    for (const layer of collected.layers) for (const issue of judge(layer.spec, local.atoms)) diagnostics.push(issueDiagnostic(issue, layer, locator));
  }
  const stem = defaultImageName(entry);
  const unnamed = merged.has("name") ? undefined : nameProblem(stem, "image");
  if (unnamed !== undefined) {
    diagnostics.push(
      error(codes.invalidImageName, `The image has no name, so gp names it after its file: ${unnamed}.`, {
        location: { file: entry },
        hint: "Set `name` in the blueprint.",
      }),
    );
  }
  diagnostics.push(...longImageFileNames(merged, stem, locator, entry));
  const settings = imageSettings(merged, local.packages, locator);
  diagnostics.push(...settings.diagnostics);
  if (hasErrors(diagnostics)) return fail(diagnostics, { merged });

  const lowered = lower(merged, stem);
  const outDir = options.outDir ?? defaultOutDir(entry, lowered.name);
  const source = relative(outDir, entry).split("\\").join("/");
  const emitted = emit({ ...lowered, files: [...lowered.files, ...local.files] }, generatedHeader(source), locator);
  if (!emitted.ok) return fail([...diagnostics, ...emitted.diagnostics], { merged, name: lowered.name });
  const withPackages = emitLocalPackages(local, { artifact: emitted.artifact, requests: emitted.requests, merged, locator });
  const emitProblems = [...emitted.diagnostics, ...withPackages.diagnostics];
  if (!withPackages.ok) return fail([...diagnostics, ...emitProblems], { merged, name: lowered.name });
  const reads = [...new Set([...dependencies, ...emitted.sources])];
  const artifact = withSystemIniSchema(withPackages.artifact, settings, { name: lowered.name });
  return { ok: true, entry, diagnostics: [...diagnostics, ...emitProblems], artifact, name: lowered.name, dependencies, reads, merged, document: lowered.document, systemIniSchema: artifact.schema };
}

/**
 * Compiles one blueprint to the content of a genpack artifact directory, in memory:
 * load → type-check → evaluate → validate → merge → lower → emit. Writes nothing.
 */
export async function compile(blueprint: string, options: CompileOptions = {}): Promise<CompileResult> {
  const entry = resolve(options.cwd ?? process.cwd(), blueprint);
  const loadProblems = loadBlueprint(entry);
  const begun = reportFor(options.checking, loadProblems.length > 0 ? [] : [entry]);
  if (loadProblems.length > 0) return { ok: false, entry, diagnostics: loadProblems, dependencies: [] };
  const checking = options.typecheck === false || !isTypeScriptBlueprint(entry) ? undefined : (begun ?? typecheck([entry]));
  // The blueprint runs while the checker works, and counts only once the check has passed.
  const admitted = checking === undefined ? undefined : checking.then((report) => new Set(hasErrors(report.diagnostics) ? [] : [entry]), () => new Set<string>());
  const compiling = runAndCompile([entry], options, admitted);
  let report: TypecheckReport | undefined;
  try {
    report = await checking;
  } finally {
    if (report === undefined || hasErrors(report.diagnostics)) await compiling;
  }
  const checked = report?.diagnostics ?? [];
  if (hasErrors(checked)) return { ok: false, entry, diagnostics: checked, dependencies: [entry], ...checkerOf(report) };
  const compiled = (await compiling).get(entry) as CompileResult;
  return { ...withEarlier(checked, compiled), ...checkerOf(report) };
}

/**
 * Runs blueprints, and compiles each in memory as soon as it has run, while the type-check goes
 * on: once the check is done, what is left is to report. A blueprint the check turns away
 * (`admitted` leaves it out) is stopped, and what it printed and gave is dropped; see
 * evaluateAll. Resolves to the result of each blueprint admitted.
 */
async function runAndCompile(entries: readonly string[], options: CompileOptions, admitted: Promise<ReadonlySet<string>> | undefined): Promise<Map<string, CompileResult>> {
  const judging = catalogJudge(options.catalog);
  judging.catch(() => undefined);
  const compiled = new Map<string, Promise<CompileResult>>();
  const compileLater = (entry: string, result: EvaluateResult): Promise<CompileResult> => {
    const compiling = judging.then((judge) => compileEvaluated(entry, result, options, judge));
    // Read only if its blueprint is admitted.
    compiling.catch(() => undefined);
    compiled.set(entry, compiling);
    return compiling;
  };
  const evaluated = await evaluateAll(entries, {
    ...options.evaluation,
    ...(admitted === undefined ? {} : { admitted }),
    onResult: (entry, result) => {
      options.evaluation?.onResult?.(entry, result);
      compileLater(entry, result);
    },
  });
  const results = await Promise.all([...evaluated].map(async ([entry, result]) => [entry, await (compiled.get(entry) ?? compileLater(entry, result))] as const));
  return new Map(results);
}

/** A result with the diagnostics of an earlier stage (the type-check's warnings) before its own. */
function withEarlier(earlier: readonly Diagnostic[], result: CompileResult): CompileResult {
  return earlier.length === 0 ? result : { ...result, diagnostics: [...earlier, ...result.diagnostics] };
}

/** The checker a report came from, as a field of a compile result; nothing when no type-check ran. */
function checkerOf(report: TypecheckReport | undefined): { checker?: CheckerUsed } {
  return report === undefined ? {} : { checker: report.checker };
}

/**
 * Checks several blueprints as `gp check` does: one type-check over all of them, sharing the
 * library files, then each one compiled in memory. Nothing is written.
 */
export async function check(blueprints: readonly string[], options: CompileOptions = {}): Promise<CompileResult[]> {
  const cwd = options.cwd ?? process.cwd();
  const entries = blueprints.map((blueprint) => resolve(cwd, blueprint));
  const loaded = new Map(entries.map((entry) => [entry, loadBlueprint(entry)]));
  const loadable = entries.filter((entry) => loaded.get(entry)?.length === 0);
  const typed = loadable.filter((entry) => isTypeScriptBlueprint(entry));
  const begun = reportFor(options.checking, typed);
  const checking = options.typecheck === false || typed.length === 0 ? undefined : (begun ?? typecheck(typed));
  // Type errors in a blueprint itself stop it before it runs; errors in what it imports are
  // assigned below, once the files each blueprint imports are known.
  const ownErrors = (diagnostics: readonly Diagnostic[], entry: string) => diagnostics.filter((diagnostic) => diagnostic.location?.file === entry);
  // A file nesting too deep for TypeScript is too deep for Node.js to load as well, and which
  // blueprints import it is known only once they ran: none runs.
  const runnable = (diagnostics: readonly Diagnostic[]) =>
    diagnostics.some((diagnostic) => diagnostic.code === codes.sourceTooDeep.code) ? [] : loadable.filter((entry) => !hasErrors(ownErrors(diagnostics, entry)));
  // The blueprints run while the checker works, and those it passes count once it is done.
  const admitted = checking === undefined ? undefined : checking.then((report) => new Set(runnable(report.diagnostics)), () => new Set<string>());
  const compiling = runAndCompile(loadable, { ...options, cwd }, admitted);
  let report: TypecheckReport | undefined;
  try {
    report = await checking;
  } finally {
    if (report === undefined && checking !== undefined) await compiling;
  }
  const checked = report?.diagnostics ?? [];
  const compiled = await compiling;
  const results: CompileResult[] = entries.map((entry) => {
    const loadProblems = loaded.get(entry) ?? [];
    if (loadProblems.length > 0) return { ok: false, entry, diagnostics: loadProblems, dependencies: [] };
    const own = ownErrors(checked, entry);
    const result = compiled.get(entry);
    if (result === undefined) return { ok: false, entry, diagnostics: own, dependencies: [entry] };
    return withEarlier(own, result);
  });
  // Problems in files the blueprints import (a profile, a helper) go to every blueprint that
  // imports that file, and to the first one when no blueprint got far enough to tell.
  const claimed = new Set(results.flatMap((result) => result.diagnostics));
  const unclaimed = checked.filter((diagnostic) => !claimed.has(diagnostic));
  return results.map((compiled, index) => {
    const result = { ...compiled, ...checkerOf(report) };
    const inherited = unclaimed.filter((diagnostic) => {
      const file = diagnostic.location?.file;
      const importers = results.filter((candidate) => file !== undefined && candidate.dependencies.includes(file));
      return importers.length === 0 ? index === 0 : importers.includes(compiled);
    });
    if (inherited.length === 0) return result;
    return { ...result, ok: result.ok && !hasErrors(inherited), diagnostics: [...inherited, ...result.diagnostics] };
  });
}
