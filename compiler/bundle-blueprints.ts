import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, extname, resolve, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Loader, Message, Plugin } from "esbuild";
import { loadEsbuild } from "./esbuild.js";
import { codes } from "../errors/codes.js";
import { error, type Diagnostic, type Location } from "../errors/diagnostics.js";
import { readInputFile } from "../host/input-file.js";
import { ConfigFiles } from "./config-files.js";
import { lendOwnPackages } from "./lend-packages.js";
import { moduleBounds, type ModuleBounds } from "./module-bounds.js";
import { sourceNestingProblem } from "./source-nesting.js";

/** One blueprint's bundle, written to disk, and the source files it was made of. */
export interface BundledBlueprint {
  /** The bundle's entry module, an `.mjs` file. */
  readonly file: string;
  /** Every source file the blueprint imports, itself included, as absolute paths, sorted. */
  readonly dependencies: readonly string[];
}

export type BundleResult =
  | { readonly ok: true; readonly bundles: ReadonlyMap<string, BundledBlueprint> }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

const LOADERS: Readonly<Record<string, Loader>> = { ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx", ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "jsx" };

/** Nine characters, so that `${IMPORT_META}()` is as long as `import.meta`. */
const IMPORT_META = "__gpMeta$";

/**
 * What gp does to each module's source as it is bundled:
 *
 * 1. Every file is read by gp's reader of input files, never by the bundler: a FIFO or a device
 *    among the modules is refused at its place instead of waited on.
 * 2. Nesting too deep for the engine to parse (see source-nesting.ts) is refused at its place,
 *    before Node.js would run out of stack reading the bundle; the type-check looks at the same
 *    files, but not with --no-check.
 * 3. In one bundle every module would share the bundle's `import.meta`; each module gets its own
 *    file's `url`, `dirname`, `filename` and a `resolve` for relative paths back, so
 *    `new URL("./x", import.meta.url)` finds files beside the module that wrote it. The rewrite
 *    keeps every line and column where it was, so stack traces and call sites stay exact:
 *    `import.meta` becomes a call of the same length, to a function declared after the last line.
 */
function readSources(problems: Diagnostic[]): Plugin {
  return {
    name: SOURCES_PLUGIN,
    setup(build) {
      build.onLoad({ filter: /.*/, namespace: "file" }, (args) => {
        const read = readInputFile(args.path);
        if (!read.ok) {
          problems.push(error(codes.notAFile, `${args.path} ${read.reason}.`, { location: { file: args.path } }));
          return { errors: [{ text: read.reason }] };
        }
        const loader = LOADERS[extname(args.path)];
        if (loader === undefined) return { contents: read.data, loader: "default", resolveDir: dirname(args.path) };
        const source = read.data.toString("utf8");
        const nesting = sourceNestingProblem(args.path, source);
        if (nesting !== undefined) {
          problems.push(nesting);
          return { errors: [{ text: nesting.message }] };
        }
        if (!source.includes("import.meta")) return { contents: source, loader, resolveDir: dirname(args.path) };
        const url = pathToFileURL(args.path).href;
        const meta = `{ url: ${JSON.stringify(url)}, dirname: ${JSON.stringify(dirname(args.path))}, filename: ${JSON.stringify(args.path)}, resolve: (specifier: string) => new URL(specifier, ${JSON.stringify(url)}).href }`;
        const typed = loader === "ts" || loader === "tsx";
        const declaration = `\nfunction ${IMPORT_META}() { return ${typed ? meta : meta.replace(": string", "")}; }\n`;
        const contents = source.replace(/\bimport\.meta\b/g, `${IMPORT_META}()`) + declaration;
        return { contents, loader, resolveDir: dirname(args.path) };
      });
    },
  };
}

const SOURCES_PLUGIN = "gp-sources";

/** Refuses every module that lies outside the bounds, at the import that names it. */
function stayInside(bounds: ModuleBounds): Plugin {
  return {
    name: BOUNDS_PLUGIN,
    setup(build) {
      build.onLoad({ filter: /.*/ }, (args) => {
        if (args.namespace !== "file" || bounds.allows(args.path)) return undefined;
        return { errors: [{ text: args.path }] };
      });
    },
  };
}

const BOUNDS_PLUGIN = "gp-module-bounds";

/**
 * Looks at the config files (package.json, tsconfig.json, jsconfig.json) of every folder the
 * bundler is about to resolve from or into, before it opens them without looking: a FIFO or a
 * device there, or a link to one, stops the bundle with its place (see config-files.ts).
 */
function vetConfigFiles(configFiles: ConfigFiles, problems: Set<Diagnostic>): Plugin {
  return {
    name: CONFIG_PLUGIN,
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.resolveDir === "") return undefined;
        const found = configFiles.problemsOfImport(args.path, args.resolveDir);
        if (found.length === 0) return undefined;
        for (const problem of found) problems.add(problem);
        return { errors: [{ text: found.map((problem) => problem.message).join("\n") }] };
      });
    },
  };
}

const CONFIG_PLUGIN = "gp-config-files";

function locationOf(message: Message, workingDirectory: string): Location | undefined {
  const location = message.location;
  if (location === null) return undefined;
  return {
    file: resolve(workingDirectory, location.file),
    start: { line: location.line, column: location.column + 1 },
    end: { line: location.line, column: location.column + 1 + Math.max(location.length, 1) },
  };
}

function bundleDiagnostic(message: Message, workingDirectory: string, bounds: ModuleBounds): Diagnostic {
  const location = locationOf(message, workingDirectory);
  if (message.pluginName === BOUNDS_PLUGIN) {
    return error(codes.importOutsideProject, `This import leads through a symbolic link to ${message.text}, outside the blueprint's project (${bounds.projects.join(", ")}); gp does not read it.`, {
      ...(location === undefined ? {} : { location }),
      hint: "Import modules and data from the project itself or from installed packages; copy what the link points to into the project.",
    });
  }
  const unresolved = /^Could not resolve "(.*)"/.exec(message.text);
  if (unresolved !== null) {
    return error(codes.importNotFound, `Cannot find module "${unresolved[1]}".`, {
      ...(location === undefined ? {} : { location }),
      hint: "Install it with npm, or check the path of a relative import.",
    });
  }
  return error(codes.syntaxError, `${message.text}.`.replace(/\.\.$/, "."), location === undefined ? {} : { location });
}

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
 * Bundles blueprints and everything they import into `outdir` with esbuild, in one run, with what
 * they share (the DSL, common profiles) in shared chunks and inline source maps, so TypeScript
 * runs without a loader hook and engine stack traces (which the DSL records as call sites) point
 * into the original files. Nothing runs here: esbuild only reads and transforms.
 */
export async function bundleBlueprints(entries: readonly string[], outdir: string): Promise<BundleResult> {
  const esbuild = loadEsbuild();
  const workingDirectory = commonDirectory(entries);
  const bounds = moduleBounds(entries);
  const sourceProblems: Diagnostic[] = [];
  const configProblems = new Set<Diagnostic>();
  let built;
  try {
    built = await esbuild.build({
      entryPoints: [...entries],
      absWorkingDir: workingDirectory,
      outdir,
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
      plugins: [vetConfigFiles(new ConfigFiles(), configProblems), stayInside(bounds), lendOwnPackages, readSources(sourceProblems)],
      banner: { js: REQUIRE_SHIM },
    });
  } catch (failure) {
    const messages = (failure as { errors?: Message[] }).errors ?? [];
    if (messages.length === 0) throw failure;
    // gp's own plugins keep the diagnostics of what they refused, with the place of the file.
    const others = messages.filter((message) => message.pluginName !== SOURCES_PLUGIN && message.pluginName !== CONFIG_PLUGIN).map((message) => bundleDiagnostic(message, workingDirectory, bounds));
    return { ok: false, diagnostics: [...configProblems, ...sourceProblems, ...others] };
  }
  for (const output of built.outputFiles) {
    mkdirSync(dirname(output.path), { recursive: true });
    writeFileSync(output.path, output.contents);
  }
  const outputs = built.metafile.outputs;
  const outputOf = new Map(
    Object.entries(outputs).flatMap(([path, output]) => (output.entryPoint === undefined ? [] : [[resolve(workingDirectory, output.entryPoint), resolve(workingDirectory, path)] as const])),
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
  const bundles = new Map<string, BundledBlueprint>();
  for (const entry of entries) {
    const file = outputOf.get(entry);
    if (file === undefined) throw new Error(`esbuild produced no output for ${entry}`);
    bundles.set(entry, { file, dependencies: [...new Set(inputsOf(file))].sort() });
  }
  return { ok: true, bundles };
}

/** Where the build puts the bundled runner, relative to the package root. */
export const RUNNER_BUNDLE = "dist/compiler/sandbox/runner.bundle.mjs";

/**
 * Bundles the program that runs a blueprint (sandbox/runner), with the DSL parts it reads, into
 * one file: the blueprint may read that file and its own bundle, nothing else. The build does it
 * once (scripts/bundle-cli.mjs); gp running from its sources does it for each run.
 */
export async function bundleRunner(runner: string, outfile: string): Promise<void> {
  const esbuild = loadEsbuild();
  await esbuild.build({ entryPoints: [runner], outfile, bundle: true, format: "esm", platform: "node", target: "node20", logLevel: "silent" });
}
