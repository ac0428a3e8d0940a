// Catalog benchmark: `tsc --noEmit` on a blueprint in a project with a catalog of Gentoo's size
// (19,000 packages, about 100,000 USE flags, from a synthetic repository) against the same
// project without one, each a new process, the two taking turns, median of --runs (default 9);
// and the TypeScript language service completing atoms and flags in that project, as an editor
// would ask.
// Target: the type-check at most 2x slower with the catalog. And `gp check` of that blueprint,
// beside the catalog, at most 0.5x tsc 6's type-check of it with the catalog (gp checks with
// TypeScript's native compiler; GP_TYPECHECKER=typescript gives the figure with TypeScript 6).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build as bundle } from "esbuild";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const GP = join(ROOT, "dist/cli/main.js");
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const runsIndex = process.argv.indexOf("--runs");
const RUNS = runsIndex === -1 ? 9 : Number(process.argv[runsIndex + 1]);
const PACKAGES = 19_000;

const scratch = mkdtempSync(join("/var/tmp", "gp-catalog-bench-"));
try {
  const generatorModule = join(scratch, "synthetic.mjs");
  await bundle({ entryPoints: [join(ROOT, "test/fixtures/portage-repositories/synthetic-repository.ts")], outfile: generatorModule, bundle: true, platform: "node", format: "esm", target: "node20", logLevel: "warning" });
  const { writeSyntheticRepository } = await import(generatorModule);
  const repository = writeSyntheticRepository(join(scratch, "repo"), { packages: PACKAGES, flagsPerPackage: 5.5, withMd5Cache: true });

  const project = join(scratch, "project");
  mkdirSync(join(project, "node_modules"), { recursive: true });
  symlinkSync(ROOT, join(project, "node_modules/genpack-ts"));
  const catalogStarted = performance.now();
  const generated = spawnSync(process.execPath, [GP, "catalog", "--repo", repository.path, "-o", join(project, "gp-catalog.d.ts")], { encoding: "utf8" });
  const catalogMs = performance.now() - catalogStarted;
  if (generated.status !== 0) throw new Error(`gp catalog failed: ${generated.stderr}`);
  const catalogText = readFileSync(join(project, "gp-catalog.d.ts"), "utf8");
  const flagsOf = (atom) => {
    const match = new RegExp(`\\n  "${atom.replace("/", "\\/")}": ([^;]*);`).exec(catalogText);
    return match === null ? [] : JSON.parse(match[1]).split(" ").filter((flag) => flag !== "");
  };
  const withFlags = repository.atoms.filter((atom) => flagsOf(atom).length >= 2).slice(0, 8);
  const blueprint = `import { defineImage } from "genpack-ts";
export default defineImage({
  name: "bench",
  packages: [${withFlags.map((atom) => JSON.stringify(atom)).join(", ")}, ">=${withFlags[0]}-1"],
  use: {
${withFlags.map((atom) => `    ${JSON.stringify(atom)}: [${JSON.stringify(flagsOf(atom)[0])}, ${JSON.stringify(`-${flagsOf(atom)[1]}`)}],`).join("\n")}
  },
  acceptKeywords: { ${JSON.stringify(withFlags[1])}: null },
  license: { ${JSON.stringify(withFlags[2])}: "GPL-2" },
  mask: [${JSON.stringify(withFlags[3])}],
});
`;
  writeFileSync(join(project, "bench.image.ts"), blueprint);
  const tsconfig = (files) => JSON.stringify({ compilerOptions: { target: "es2022", lib: ["es2023"], module: "preserve", moduleResolution: "bundler", strict: true, skipLibCheck: true, types: [], noEmit: true }, files });
  writeFileSync(join(project, "with.tsconfig.json"), tsconfig(["bench.image.ts", "gp-catalog.d.ts"]));
  writeFileSync(join(project, "without.tsconfig.json"), tsconfig(["bench.image.ts"]));
  // The same file under other names, which no type of genpack-ts reads: what loading it costs
  // (reading, parsing, binding) before any type uses it.
  writeFileSync(join(project, "unused-catalog.d.ts"), catalogText.replace("interface GpCatalog {", "interface GpCatalogUnused {").replace("interface GpCatalogPackages {", "interface GpCatalogPackagesUnused {"));
  writeFileSync(join(project, "unused.tsconfig.json"), tsconfig(["bench.image.ts", "unused-catalog.d.ts"]));

  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const tscMs = (config) => {
    const started = performance.now();
    const result = spawnSync(process.execPath, [TSC, "-p", join(project, config)], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`tsc -p ${config} failed:\n${result.stdout}${result.stderr}`);
    return performance.now() - started;
  };
  // One run of each in turn, so that a slower spell of the machine weighs on both alike; the
  // ratio is the median of the runs' ratios.
  tscMs("without.tsconfig.json");
  const withoutTimes = [];
  const withTimes = [];
  const ratios = [];
  const loadedRatios = [];
  for (let run = 0; run < RUNS; run += 1) {
    withoutTimes.push(tscMs("without.tsconfig.json"));
    withTimes.push(tscMs("with.tsconfig.json"));
    ratios.push(withTimes.at(-1) / withoutTimes.at(-1));
    loadedRatios.push(tscMs("unused.tsconfig.json") / withoutTimes.at(-1));
  }
  const without = median(withoutTimes);
  const withCatalog = median(withTimes);

  // gp check of the blueprint, which takes the catalog beside it, in turns with tsc as above.
  const gpMs = (env) => {
    const started = performance.now();
    const result = spawnSync(process.execPath, [GP, "check", join(project, "bench.image.ts")], { encoding: "utf8", env: { ...process.env, ...env } });
    if (result.status !== 0) throw new Error(`gp check failed:\n${result.stdout}${result.stderr}`);
    return performance.now() - started;
  };
  gpMs({});
  const checkRatios = [];
  const checkBeforeRatios = [];
  const checkTimes = [];
  for (let run = 0; run < RUNS; run += 1) {
    const tsc = tscMs("with.tsconfig.json");
    checkTimes.push(gpMs({}));
    checkRatios.push(checkTimes.at(-1) / tsc);
    checkBeforeRatios.push(gpMs({ GP_TYPECHECKER: "typescript" }) / tsc);
  }

  // The language service, as an editor holds it: one per project, asked again after edits.
  const ts = createRequire(import.meta.url)("typescript");
  const files = new Map([[join(project, "bench.image.ts"), blueprint], [join(project, "gp-catalog.d.ts"), catalogText]]);
  const versions = new Map([...files.keys()].map((file) => [file, 0]));
  const options = ts.parseJsonConfigFileContent(JSON.parse(tsconfig([])), ts.sys, project).options;
  const service = ts.createLanguageService({
    getScriptFileNames: () => [...files.keys()],
    getScriptVersion: (file) => String(versions.get(file) ?? 0),
    getScriptSnapshot: (file) => {
      const text = files.get(file) ?? (ts.sys.fileExists(file) ? ts.sys.readFile(file) : undefined);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => project,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (settings) => ts.getDefaultLibFilePath(settings),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  });
  const file = join(project, "bench.image.ts");
  const complete = (marker, offset) => {
    const text = files.get(file);
    const position = text.indexOf(marker) + offset;
    const started = performance.now();
    const result = service.getCompletionsAtPosition(file, position, { includeCompletionsWithInsertText: true });
    return { ms: performance.now() - started, entries: result?.entries.length ?? 0 };
  };
  const edit = () => {
    files.set(file, `${files.get(file)}\n`);
    versions.set(file, versions.get(file) + 1);
  };
  const keyMarker = `    ${JSON.stringify(withFlags[0])}`;
  const firstKey = complete(keyMarker, 5);
  edit();
  const key = complete(keyMarker, 5);
  edit();
  const flagMarker = `[${JSON.stringify(flagsOf(withFlags[0])[0])}`;
  const flag = complete(flagMarker, 2);
  edit();
  const element = complete(`packages: [${JSON.stringify(withFlags[0])}`, 12);

  // gp check --catalog reads the declarations itself, without TypeScript.
  const { readCatalogDeclarations } = await import(join(ROOT, "dist/compiler/catalog-check/read-catalog-declarations.js"));
  const readTimes = Array.from({ length: RUNS }, () => {
    const started = performance.now();
    readCatalogDeclarations(catalogText, "gp-catalog.d.ts");
    return performance.now() - started;
  });
  console.log(`gp check --catalog, reading the declarations: ${median(readTimes).toFixed(0)} ms`);
  const ratio = median(ratios);
  console.log(`gp catalog benchmark: ${PACKAGES} packages, ${repository.flags} USE flags (synthetic repository); median of ${RUNS} runs (Node ${process.version}, ${process.arch})`);
  console.log(`gp catalog of the repository: ${catalogMs.toFixed(0)} ms, ${(catalogText.length / 1e6).toFixed(1)} MB of declarations`);
  console.log(`tsc --noEmit, blueprint without a catalog: ${without.toFixed(0)} ms`);
  console.log(`tsc --noEmit, the catalog file loaded but read by no type: median ratio of the runs ${median(loadedRatios).toFixed(2)}x`);
  console.log(`tsc --noEmit, blueprint with the catalog:  ${withCatalog.toFixed(0)} ms; median ratio of the runs ${ratio.toFixed(2)}x (lowest ${Math.min(...ratios).toFixed(2)}x, highest ${Math.max(...ratios).toFixed(2)}x)  (target <= 2x) ${ratio <= 2 ? "met" : "MISSED"}`);
  // Peak memory of one run each (of the run's largest process), where GNU time is installed.
  const gnuTime = ["/usr/bin/time", "/bin/time"].find((path) => existsSync(path));
  const peakMiB = (args, env = {}) => {
    if (gnuTime === undefined) return "n/a";
    const result = spawnSync(gnuTime, ["-f", "%M", process.execPath, ...args], { encoding: "utf8", env: { ...process.env, ...env } });
    return `${(Number(result.stderr.trim().split("\n").at(-1)) / 1024).toFixed(0)} MiB`;
  };
  const checkArgs = [GP, "check", join(project, "bench.image.ts")];
  console.log(`peak memory: tsc 6 with the catalog ${peakMiB([TSC, "-p", join(project, "with.tsconfig.json")])}, gp check ${peakMiB(checkArgs)}, gp check with TypeScript 6 ${peakMiB(checkArgs, { GP_TYPECHECKER: "typescript" })}`);
  const checkRatio = median(checkRatios);
  console.log(`gp check, blueprint beside the catalog: ${median(checkTimes).toFixed(0)} ms; median ratio to tsc 6 with the catalog ${checkRatio.toFixed(2)}x  (target <= 0.5x) ${checkRatio <= 0.5 ? "met" : "MISSED"}; with TypeScript 6 as its checker ${median(checkBeforeRatios).toFixed(2)}x`);
  console.log(`language service, atom keys in use: first request ${firstKey.ms.toFixed(0)} ms (program built), after an edit ${key.ms.toFixed(0)} ms, ${key.entries} entries`);
  console.log(`language service, flags of one atom: ${flag.ms.toFixed(0)} ms after an edit, ${flag.entries} entries`);
  console.log(`language service, atoms in packages: ${element.ms.toFixed(0)} ms after an edit, ${element.entries} entries`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
