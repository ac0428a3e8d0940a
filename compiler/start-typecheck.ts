import { basename, resolve } from "node:path";
import { codes } from "../errors/codes.js";
import { error, type Diagnostic } from "../errors/diagnostics.js";
import { readInputFile } from "../host/input-file.js";
import { blueprintConfigProblems } from "./config-files.js";
import { sourceNestingProblem } from "./source-nesting.js";
import { prepareChecker, typecheck, type TypecheckOptions, type TypecheckReport } from "./typecheck.js";

const MODULE_EXTENSIONS = /\.(?:[cm]?ts|tsx|[cm]?js)$/;
/** Blueprints written in JavaScript run without a type-check, as tsc would not check them either. */
const TYPESCRIPT = /\.(?:[cm]?ts|tsx)$/;

/** Whether gp type-checks a blueprint of this name: TypeScript ones. */
export function isTypeScriptBlueprint(entry: string): boolean {
  return TYPESCRIPT.test(entry);
}

/**
 * Stage 1: the blueprint must be an existing, readable module file, and no config file the tools
 * look for above it may be a FIFO or a device.
 */
export function loadBlueprint(entry: string): Diagnostic[] {
  // Read once to learn that it can be: the type-check and the bundler read it again, and must
  // not meet a FIFO or a directory there.
  const read = readInputFile(entry);
  if (!read.ok) return [error(read.problem === "missing" ? codes.blueprintNotFound : codes.notAFile, `The blueprint ${entry} ${read.reason}.`, { location: { file: entry } })];
  if (!MODULE_EXTENSIONS.test(entry)) {
    return [
      error(codes.notABlueprint, `${basename(entry)} is not a TypeScript or JavaScript module.`, {
        location: { file: entry },
        hint: "Blueprints are TypeScript modules named like nextcloud.image.ts. To use a genpack.json5 as it is, build its directory instead.",
      }),
    ];
  }
  // The bundler and TypeScript open the config files above it without looking first.
  const configProblems = blueprintConfigProblems(entry);
  if (configProblems.length > 0) return configProblems;
  // Before TypeScript or Node.js parse it, which would run out of stack on deep nesting.
  const tooDeep = sourceNestingProblem(entry, read.data.toString("utf8"));
  return tooDeep === undefined ? [] : [tooDeep];
}

/** A type-check begun ahead of compile() or check(), with the blueprints it checks. */
export interface StartedTypecheck {
  readonly entries: readonly string[];
  readonly report: Promise<TypecheckReport>;
}

/**
 * Begins the type-check compile() or check() would run over `blueprints`, before the rest of
 * the compiler has loaded: the check is the longest part of a compile, and gp loads and bundles
 * while the checker works. Resolves once the checker's code is loaded and its compiler is on
 * its way; to nothing when no check would run.
 */
export async function startTypecheck(blueprints: readonly string[], options: { readonly cwd?: string; readonly typecheck?: boolean } & TypecheckOptions = {}): Promise<StartedTypecheck | undefined> {
  if (options.typecheck === false) return undefined;
  const cwd = options.cwd ?? process.cwd();
  const entries = blueprints.map((blueprint) => resolve(cwd, blueprint)).filter((entry) => loadBlueprint(entry).length === 0 && isTypeScriptBlueprint(entry));
  if (entries.length === 0) return undefined;
  const checkerOptions = options.checker === undefined ? {} : { checker: options.checker };
  await prepareChecker(checkerOptions);
  const report = typecheck(entries, checkerOptions);
  // Awaited once the rest of the compiler has loaded: a check that fails before then (GP1018)
  // waits there to be reported, rather than ending gp as an unhandled rejection.
  report.catch(() => undefined);
  return { entries, report };
}

/**
 * The report of a check begun for exactly `entries`, or nothing: a check of other files is
 * left to finish unread (its compiler closes when it does).
 */
export function reportFor(started: StartedTypecheck | undefined, entries: readonly string[]): Promise<TypecheckReport> | undefined {
  if (started === undefined) return undefined;
  if (started.entries.length === entries.length && started.entries.every((entry, index) => entry === entries[index])) return started.report;
  started.report.catch(() => undefined);
  return undefined;
}
