import { existsSync, realpathSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { codes } from "../errors/codes.js";
import { error, type Diagnostic } from "../errors/diagnostics.js";
import { GpError } from "../errors/gp-error.js";
import type { ModuleBounds } from "./module-bounds.js";
import { moduleBounds } from "./module-bounds.js";

/**
 * Options for blueprints that no tsconfig.json covers, as a tsconfig.json spells them. gp bundles
 * blueprints, so resolution is the bundler's; only the ES library is loaded (no DOM), which keeps
 * a check fast, and type packages such as @types/node apply when they are installed, as with tsc.
 */
export const DEFAULT_TSCONFIG_OPTIONS = {
  target: "es2022",
  module: "preserve",
  moduleResolution: "bundler",
  lib: ["es2023"],
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  allowImportingTsExtensions: true,
  resolveJsonModule: true,
  isolatedModules: true,
} as const;

/** The file `gp catalog` writes by default; beside a blueprint no tsconfig.json covers, it applies to it. */
export const CATALOG_FILE = "gp-catalog.d.ts";

/** The two type-checkers gp can run: TypeScript's native compiler (version 7, in Go), and TypeScript 6 through its JavaScript API. */
export type CheckerName = "typescript-native" | "typescript";

/** Which checker ran a type-check, and why the native one did not when it did not. */
export interface CheckerUsed {
  readonly name: CheckerName;
  readonly version: string;
  /** Why TypeScript 6 ran rather than the native checker: its binary is missing for this platform, it failed, or GP_TYPECHECKER asked for TypeScript 6. */
  readonly reason?: string;
  /**
   * The TypeScript 6 that worded the problems the native checker found, so that they read as
   * they always have (TypeScript 7 lists the members of a union type in another order).
   */
  readonly wordedBy?: string;
}

export interface TypecheckReport {
  readonly diagnostics: Diagnostic[];
  readonly checker: CheckerUsed;
}

export interface TypecheckOptions {
  /**
   * Which checker to run: `auto` (the default) the native one where its binary is installed,
   * else TypeScript 6; the others force one. The `GP_TYPECHECKER` variable sets the same.
   */
  readonly checker?: "auto" | CheckerName;
}

/** The tsconfig.json that covers a blueprint, as tsc and editors find it: the nearest one above. */
export function findTsconfig(entry: string): string | undefined {
  for (let directory = dirname(resolve(entry)); ; directory = dirname(directory)) {
    const candidate = join(directory, "tsconfig.json");
    if (existsSync(candidate)) return candidate;
    if (dirname(directory) === directory) return undefined;
  }
}

/** The catalog beside a blueprint no tsconfig.json covers, which applies to it alone. */
export function catalogBeside(entry: string): string | undefined {
  const beside = resolve(dirname(entry), CATALOG_FILE);
  return existsSync(beside) ? beside : undefined;
}

/** Blueprints that share a tsconfig.json (or, without one, a catalog beside them) are checked as one program. */
export interface CheckGroup {
  readonly tsconfig?: string;
  readonly catalog?: string;
  readonly entries: string[];
}

export function groupEntries(entries: readonly string[]): CheckGroup[] {
  const groups = new Map<string, CheckGroup>();
  for (const entry of entries) {
    const tsconfig = findTsconfig(entry);
    const catalog = tsconfig === undefined ? catalogBeside(entry) : undefined;
    const key = tsconfig ?? `:${catalog ?? ""}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { ...(tsconfig === undefined ? {} : { tsconfig }), ...(catalog === undefined ? {} : { catalog }), entries: [] };
      groups.set(key, group);
    }
    group.entries.push(entry);
  }
  return [...groups.values()];
}

/**
 * Whether a checker may read a file: one whose real path is outside the blueprints' bounds was
 * reached through a link out of their projects, and is refused and recorded in `refused` (its
 * path, and the real path it leads to). A path that does not resolve is left to the checker.
 */
export function readableWithin(bounds: ModuleBounds, refused: Map<string, string>): (file: string) => boolean {
  return (file) => {
    let real: string;
    try {
      real = realpathSync.native(file);
    } catch {
      return true;
    }
    if (bounds.allows(real)) return true;
    refused.set(resolve(file), real);
    return false;
  };
}

/** GP1011 for each file refused because a link leads to it from outside the blueprints' projects. */
export function refusedImports(refused: ReadonlyMap<string, string>, bounds: ModuleBounds): Diagnostic[] {
  return [...refused].map(([file, real]) =>
    error(codes.importOutsideProject, `This file leads through a symbolic link to ${real}, outside the blueprint's project (${bounds.projects.join(", ")}); gp does not read it, so TypeScript does not find it.`, {
      location: { file },
      hint: "Import modules and data from the project itself or from installed packages; copy what the link points to into the project.",
    }),
  );
}

/** GP1014 when the checker itself ran out of stack on nesting the bracket count cannot see. */
export function outOfStack(file: string): Diagnostic {
  // A chain of thousands of arrow functions or conditionals exhausts the stack all the same;
  // say so rather than crash.
  return error(codes.sourceTooDeep, "TypeScript ran out of stack reading these files: some code nests too deep, such as a chain of thousands of nested functions or conditional expressions.", {
    location: { file },
    hint: "Build deeply nested data in a loop, or flatten the code.",
  });
}

/** Whether a type-check would run TypeScript 6 without trying the native checker: GP_TYPECHECKER asks for it. */
export function typescriptAsked(env: NodeJS.ProcessEnv = process.env): boolean {
  return chosenChecker({}, env) === "typescript";
}

function chosenChecker(options: TypecheckOptions, env: NodeJS.ProcessEnv): "auto" | CheckerName {
  if (options.checker !== undefined) return options.checker;
  const named = env["GP_TYPECHECKER"];
  return named === "typescript" || named === "typescript-native" ? named : "auto";
}

/**
 * Loads the code of the checker typecheck() will run first, so that a check started right after
 * this starts its compiler before anything else gp loads meanwhile. Never fails: a checker that
 * cannot load is found out, and said, by typecheck().
 */
export async function prepareChecker(options: TypecheckOptions = {}): Promise<void> {
  if (chosenChecker(options, process.env) === "typescript") return;
  try {
    await (await import("./native-check-thread.js")).prepareNativeCheck();
  } catch {
    // typecheck() says why.
  }
}

/**
 * Type-checks blueprints, as `tsc --noEmit` would with the tsconfig.json that covers each one
 * (or gp's defaults), in one program per configuration so the library files load once. Reports
 * errors in every file the blueprints import, profiles included. Runs TypeScript's native
 * compiler where its binary is installed for this platform, else TypeScript 6: both give the
 * same diagnostics.
 */
export async function typecheck(given: readonly string[], options: TypecheckOptions = {}): Promise<TypecheckReport> {
  const entries = given.map((entry) => resolve(entry));
  const bounds = moduleBounds(entries);
  const groups = groupEntries(entries);
  const chosen = chosenChecker(options, process.env);
  let reason = "GP_TYPECHECKER=typescript asks for it";
  if (chosen !== "typescript") {
    const { nativeTypecheckAside } = await import("./native-check-thread.js");
    const native = await nativeTypecheckAside(groups, bounds, entries);
    if (native.ok) {
      if (chosen === "typescript-native") return { diagnostics: [...native.byGroup.flat(), ...native.unread], checker: { name: "typescript-native", version: native.version } };
      // A file refused or stood empty could be any group's: then every group is worded anew.
      const troubled = (index: number) => native.unread.length > 0 || (native.byGroup[index] as Diagnostic[]).length > 0;
      if (!groups.some((_, index) => troubled(index))) return { diagnostics: [], checker: { name: "typescript-native", version: native.version } };
      // The verdict is the native checker's; the words are TypeScript 6's, group by group.
      const { typescriptTypecheck } = await import("./typescript-checker.js");
      let wordedBy = "";
      const diagnostics = groups.flatMap((group, index) => {
        if (!troubled(index)) return [];
        const worded = typescriptTypecheck([group], bounds);
        wordedBy = worded.version;
        // Should TypeScript 6 see nothing wrong where the native checker does, the native words
        // stand: a problem is never hidden. (TypeScript 6's compiler host refuses the same files.)
        return worded.diagnostics.length > 0 ? worded.diagnostics : [...(native.byGroup[index] as Diagnostic[]), ...native.unread];
      });
      return { diagnostics, checker: { name: "typescript-native", version: native.version, wordedBy } };
    }
    if (chosen === "typescript-native") throw new GpError(codes.nativeCheckerUnavailable, `TypeScript's native checker cannot run: ${native.reason}`, { hint: "Unset GP_TYPECHECKER to let gp use TypeScript 6." });
    reason = `the native checker cannot run: ${native.reason}`;
  }
  const { typescriptTypecheck } = await import("./typescript-checker.js");
  const checked = typescriptTypecheck(groups, bounds);
  return { diagnostics: checked.diagnostics, checker: { name: "typescript", version: checked.version, reason } };
}
