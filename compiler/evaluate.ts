import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Message, Plugin } from "esbuild";
import { codes } from "./codes.js";
import { error, type Diagnostic, type Location } from "./diagnostics.js";
import { PACKAGE_ROOT } from "./package-root.js";
import { parseStack } from "./stack.js";

/** A blueprint module after it ran. */
export interface EvaluatedModule {
  /** Absolute path of the blueprint. */
  readonly entry: string;
  /** The module's exports. */
  readonly exports: Readonly<Record<string, unknown>>;
  /** Every source file the blueprint imports, itself included, as absolute paths, sorted. */
  readonly dependencies: readonly string[];
}

export type EvaluateResult =
  | { readonly ok: true; readonly module: EvaluatedModule }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly dependencies: readonly string[] };

/**
 * Blueprints import `genpack-ts` and `@genpack-ts/*` profiles. Where the blueprint's own
 * node_modules has them, those are used, as an editor would see them; where it does not (a lone
 * blueprint file anywhere on disk), gp lends its own copies.
 */
const lendOwnPackages: Plugin = {
  name: "gp-own-packages",
  setup(build) {
    build.onResolve({ filter: /^(?:genpack-ts|@genpack-ts\/[^/]+)(?:\/.*)?$/ }, async (args) => {
      if ((args.pluginData as { lent?: boolean } | undefined)?.lent === true) return undefined;
      const own = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { lent: true } });
      if (own.errors.length === 0) return own;
      const lent = await build.resolve(args.path, { kind: args.kind, resolveDir: PACKAGE_ROOT, pluginData: { lent: true } });
      return lent.errors.length === 0 ? lent : { errors: own.errors };
    });
  },
};

function locationOf(message: Message, workingDirectory: string): Location | undefined {
  const location = message.location;
  if (location === null) return undefined;
  return {
    file: resolve(workingDirectory, location.file),
    start: { line: location.line, column: location.column + 1 },
    end: { line: location.line, column: location.column + 1 + Math.max(location.length, 1) },
  };
}

function bundleDiagnostic(message: Message, workingDirectory: string): Diagnostic {
  const location = locationOf(message, workingDirectory);
  const unresolved = /^Could not resolve "(.*)"/.exec(message.text);
  if (unresolved !== null) {
    return error(codes.importNotFound, `Cannot find module "${unresolved[1]}".`, {
      ...(location === undefined ? {} : { location }),
      hint: "Install it with npm, or check the path of a relative import.",
    });
  }
  return error(codes.syntaxError, `${message.text}.`.replace(/\.\.$/, "."), location === undefined ? {} : { location });
}

let sourceMapsEnabled = false;

/**
 * Runs a blueprint and returns its exports. The blueprint and everything it imports are bundled
 * by esbuild into one module with an inline source map, so TypeScript runs without a loader hook
 * and engine stack traces (which the DSL records as call sites) point into the original files.
 */
export async function evaluate(entry: string): Promise<EvaluateResult> {
  const esbuild = await import("esbuild");
  const workingDirectory = dirname(entry);
  const scratch = mkdtempSync(join(tmpdir(), "gp-evaluate-"));
  const outfile = join(scratch, "blueprint.mjs");
  try {
    let built;
    try {
      built = await esbuild.build({
        entryPoints: [entry],
        absWorkingDir: workingDirectory,
        outfile,
        bundle: true,
        write: false,
        metafile: true,
        format: "esm",
        platform: "node",
        target: "node20",
        sourcemap: "inline",
        sourcesContent: false,
        logLevel: "silent",
        plugins: [lendOwnPackages],
        // Packages written as CommonJS call require(); an ES module has none of its own.
        banner: { js: 'import { createRequire as __gpCreateRequire } from "node:module"; const require = __gpCreateRequire(import.meta.url);' },
      });
    } catch (failure) {
      const messages = (failure as { errors?: Message[] }).errors ?? [];
      if (messages.length === 0) throw failure;
      return { ok: false, diagnostics: messages.map((message) => bundleDiagnostic(message, workingDirectory)), dependencies: [entry] };
    }
    const dependencies = Object.keys(built.metafile.inputs)
      .map((input) => resolve(workingDirectory, input))
      .sort();
    const output = built.outputFiles[0];
    if (output === undefined) throw new Error("esbuild produced no output");
    writeFileSync(outfile, output.contents);
    if (!sourceMapsEnabled) {
      process.setSourceMapsEnabled(true);
      sourceMapsEnabled = true;
    }
    let exports: Record<string, unknown>;
    try {
      exports = (await import(pathToFileURL(outfile).href)) as Record<string, unknown>;
    } catch (thrown) {
      return { ok: false, diagnostics: [thrownDiagnostic(thrown, entry, dependencies)], dependencies };
    }
    return { ok: true, module: { entry, exports, dependencies } };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A value thrown while the blueprint ran, located at the deepest frame in the user's files. */
function thrownDiagnostic(thrown: unknown, entry: string, dependencies: readonly string[]): Diagnostic {
  const isError = thrown instanceof Error;
  const text = isError ? `${thrown.name === "Error" ? "" : `${thrown.name}: `}${thrown.message}` : String(thrown);
  const own = new Set(dependencies.filter((file) => !file.startsWith(PACKAGE_ROOT + "/dsl") && !file.startsWith(PACKAGE_ROOT + "/dist/")));
  const frame = parseStack(isError ? thrown.stack : undefined).find((candidate) => own.has(candidate.file));
  const location: Location = frame === undefined ? { file: entry } : { file: frame.file, start: { line: frame.line, column: frame.column } };
  return error(codes.moduleThrew, `The blueprint threw while it was evaluated: ${text}`, { location });
}
