import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Loader, Message, Plugin } from "esbuild";
import { codes } from "./codes.js";
import { error, type Diagnostic, type Location } from "./diagnostics.js";
import { lendOwnPackages } from "./lend-packages.js";
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

const LOADERS: Readonly<Record<string, Loader>> = { ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx", ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "jsx" };

/**
 * In one bundle every module would share the bundle's `import.meta`; each module gets its own
 * file's `url`, `dirname`, `filename` and a `resolve` for relative paths back, so
 * `new URL("./x", import.meta.url)` finds files beside the module that wrote it. The rewrite
 * keeps every line and column where it was, so stack traces and call sites stay exact:
 * `import.meta` becomes a call of the same length, to a function declared after the last line.
 */
const keepImportMeta: Plugin = {
  name: "gp-import-meta",
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      if (!source.includes("import.meta")) return undefined;
      const loader = LOADERS[extname(args.path)];
      if (loader === undefined) return undefined;
      const url = pathToFileURL(args.path).href;
      const meta = `{ url: ${JSON.stringify(url)}, dirname: ${JSON.stringify(dirname(args.path))}, filename: ${JSON.stringify(args.path)}, resolve: (specifier: string) => new URL(specifier, ${JSON.stringify(url)}).href }`;
      const typed = loader === "ts" || loader === "tsx";
      const declaration = `\nfunction ${IMPORT_META}() { return ${typed ? meta : meta.replace(": string", "")}; }\n`;
      const contents = source.replace(/\bimport\.meta\b/g, `${IMPORT_META}()`) + declaration;
      return { contents, loader, resolveDir: dirname(args.path) };
    });
  },
};

/** Nine characters, so that `${IMPORT_META}()` is as long as `import.meta`. */
const IMPORT_META = "__gpMeta$";

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

/** Packages written as CommonJS call require(); an ES module has none of its own. */
const REQUIRE_SHIM = 'import { createRequire as __gpCreateRequire } from "node:module"; const require = __gpCreateRequire(import.meta.url);';

/** The deepest directory that holds every path. */
function commonDirectory(paths: readonly string[]): string {
  const split = paths.map((path) => dirname(path).split(sep));
  const first = split[0] ?? [sep];
  let length = first.length;
  for (const parts of split) {
    let same = 0;
    while (same < length && parts[same] === first[same]) same++;
    length = same;
  }
  return first.slice(0, length).join(sep) || sep;
}

/**
 * Runs blueprints and returns their exports, each with the files it depends on. The blueprints
 * and everything they import are bundled by esbuild in one run, with what they share (the DSL,
 * common profiles) in shared chunks, and inline source maps, so TypeScript runs without a loader
 * hook and engine stack traces (which the DSL records as call sites) point into the original
 * files. When the joint bundle fails, each blueprint is bundled alone, so every problem is
 * charged to the blueprint that has it.
 */
export async function evaluateAll(requested: readonly string[]): Promise<Map<string, EvaluateResult>> {
  const esbuild = await import("esbuild");
  const entries = [...new Set(requested)];
  const results = new Map<string, EvaluateResult>();
  if (entries.length === 0) return results;
  const workingDirectory = commonDirectory(entries);
  const scratch = mkdtempSync(join(tmpdir(), "gp-evaluate-"));
  try {
    let built;
    try {
      built = await esbuild.build({
        entryPoints: [...entries],
        absWorkingDir: workingDirectory,
        outdir: scratch,
        entryNames: "[dir]/[name]-[hash]",
        outExtension: { ".js": ".mjs" },
        bundle: true,
        splitting: true,
        write: false,
        metafile: true,
        format: "esm",
        platform: "node",
        target: "node20",
        sourcemap: "inline",
        sourcesContent: false,
        logLevel: "silent",
        plugins: [lendOwnPackages, keepImportMeta],
        banner: { js: REQUIRE_SHIM },
      });
    } catch (failure) {
      const messages = (failure as { errors?: Message[] }).errors ?? [];
      if (messages.length === 0) throw failure;
      if (entries.length > 1) {
        for (const entry of entries) results.set(entry, (await evaluateAll([entry])).get(entry) as EvaluateResult);
        return results;
      }
      const [entry = ""] = entries;
      results.set(entry, { ok: false, diagnostics: messages.map((message) => bundleDiagnostic(message, workingDirectory)), dependencies: [entry] });
      return results;
    }
    for (const output of built.outputFiles) {
      mkdirSync(dirname(output.path), { recursive: true });
      writeFileSync(output.path, output.contents);
    }
    if (!sourceMapsEnabled) {
      process.setSourceMapsEnabled(true);
      sourceMapsEnabled = true;
    }
    const outputs = built.metafile.outputs;
    const outputOf = new Map(
      Object.entries(outputs).flatMap(([path, output]) =>
        output.entryPoint === undefined ? [] : [[resolve(workingDirectory, output.entryPoint), resolve(workingDirectory, path)] as const],
      ),
    );
    /** The source files of an output and of the chunks it imports. */
    const inputsOf = (path: string, seen = new Set<string>()): string[] => {
      if (seen.has(path)) return [];
      seen.add(path);
      const output = outputs[relative(workingDirectory, path)];
      if (output === undefined) return [];
      const own = Object.keys(output.inputs).map((input) => resolve(workingDirectory, input));
      const chunks = output.imports.filter((imported) => !imported.external).map((imported) => resolve(workingDirectory, imported.path));
      return [...own, ...chunks.flatMap((chunk) => inputsOf(chunk, seen))];
    };
    for (const entry of entries) {
      const output = outputOf.get(entry);
      if (output === undefined) throw new Error(`esbuild produced no output for ${entry}`);
      const dependencies = [...new Set(inputsOf(output))].sort();
      try {
        const exports = await importOrStall(pathToFileURL(output).href);
        if (exports === STALLED) {
          const diagnostic = error(codes.moduleThrew, "The blueprint never finished evaluating: a top-level await waits for something that never happens.", {
            location: { file: entry, start: { line: 1, column: 1 } },
          });
          results.set(entry, { ok: false, diagnostics: [diagnostic], dependencies });
        } else {
          results.set(entry, { ok: true, module: { entry, exports, dependencies } });
        }
      } catch (thrown) {
        results.set(entry, { ok: false, diagnostics: [thrownDiagnostic(thrown, entry, dependencies)], dependencies });
      }
    }
    return results;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const STALLED = Symbol("stalled");

/**
 * Imports a module, or gives STALLED when its top-level await can never settle: Node then runs
 * out of work while the import is pending and emits `beforeExit`, where it would otherwise exit
 * with code 13 and no word about why.
 */
async function importOrStall(url: string): Promise<Record<string, unknown> | typeof STALLED> {
  let onBeforeExit: (() => void) | undefined;
  const stalled = new Promise<typeof STALLED>((resolvePromise) => {
    onBeforeExit = () => resolvePromise(STALLED);
    process.once("beforeExit", onBeforeExit);
  });
  try {
    return await Promise.race([import(url) as Promise<Record<string, unknown>>, stalled]);
  } finally {
    if (onBeforeExit !== undefined) process.off("beforeExit", onBeforeExit);
  }
}

/** Runs one blueprint; see {@link evaluateAll}. */
export async function evaluate(entry: string): Promise<EvaluateResult> {
  return (await evaluateAll([entry])).get(entry) as EvaluateResult;
}

/** A value thrown while the blueprint ran, located at the innermost frame in its files. */
function thrownDiagnostic(thrown: unknown, entry: string, dependencies: readonly string[]): Diagnostic {
  const isError = thrown instanceof Error;
  const text = isError ? `${thrown.name === "Error" ? "" : `${thrown.name}: `}${thrown.message}` : String(thrown);
  const frame = parseStack(isError ? thrown.stack : undefined).find((candidate) => dependencies.includes(candidate.file));
  const location: Location = frame === undefined ? { file: entry } : { file: frame.file, start: { line: frame.line, column: frame.column } };
  return error(codes.moduleThrew, `The blueprint threw while it was evaluated: ${text}`, { location });
}
