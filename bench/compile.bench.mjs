// Compile-time benchmark: gp against `tsc --noEmit` on the same files, measured in the same run:
// TypeScript 6's tsc (JavaScript) and TypeScript 7's (the native compiler gp checks with). The
// rows with GP_TYPECHECKER=typescript are gp with TypeScript 6 as its checker, as it was before
// it used the native one, and as it runs where npm installed no native binary.
//
//   npm run bench            (builds first)
//   node bench/compile.bench.mjs --runs 11
//
// Every figure is the median wall time of a new process, as a user starting gp sees it. gp keeps
// V8's compiled code of TypeScript between runs (see compiler/typescript.ts), so one run warms
// that cache first; the first-ever run with an empty cache is measured on its own. The rows
// marked "floor" run no gp at all: they measure what any program doing that part of gp's work
// pays on this machine (starting Node and checking through TypeScript 7's API; starting one Node
// process per blueprint), so a target below its floor reads as out of reach here, not as slack.
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const GP = join(ROOT, "dist/cli/main.js");
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const NATIVE_TSC = join(ROOT, "node_modules/typescript-native/bin/tsc");
/** GNU time, for the peak memory of a run (of its largest process); figures are left out without it. */
const GNU_TIME = ["/usr/bin/time", "/bin/time"].find((path) => existsSync(path));
const BLUEPRINT = join(ROOT, "blueprints/nextcloud/nextcloud.image.ts");
const runsIndex = process.argv.indexOf("--runs");
const RUNS = runsIndex === -1 ? 7 : Number(process.argv[runsIndex + 1]);

const scratch = mkdtempSync(join(tmpdir(), "gp-bench-"));
const cache = join(scratch, "cache");

/** Peak memory (MiB) of the last run of each command line, as GNU time reports it. */
const peaks = new Map();

function time(command, args, options = {}) {
  const memoryFile = join(scratch, "memory");
  const [program, programArgs] = GNU_TIME === undefined ? [command, args] : [GNU_TIME, ["-f", "%M", "-o", memoryFile, command, ...args]];
  const started = performance.now();
  const result = spawnSync(program, programArgs, { encoding: "utf8", env: { ...process.env, NO_COLOR: "1", XDG_CACHE_HOME: cache, ...options.env }, cwd: options.cwd ?? ROOT });
  const elapsed = performance.now() - started;
  if (result.status !== (options.expectStatus ?? 0)) {
    throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${result.stdout}${result.stderr}`);
  }
  if (GNU_TIME !== undefined) peaks.set(key(command, args, options), Number(readFileSync(memoryFile, "utf8").trim().split("\n").at(-1)) / 1024);
  return elapsed;
}

function key(command, args, options = {}) {
  return JSON.stringify([command, args, options.env ?? {}]);
}

function median(command, args, options) {
  time(command, args, options); // warm-up: page cache, and gp's code cache
  const samples = Array.from({ length: RUNS }, () => time(command, args, options)).sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)], mib: peaks.get(key(command, args, options)) };
}

/** A tsconfig that checks exactly `files` with the options blueprints/tsconfig.json gives. */
function tscProject(name, files) {
  const path = join(scratch, `${name}.tsconfig.json`);
  writeFileSync(path, JSON.stringify({ extends: join(ROOT, "blueprints/tsconfig.json"), include: [], files }));
  return path;
}

/** Twenty blueprints with their own names and packages, sharing the paravirt profile. */
function twentyBlueprints() {
  const directory = join(ROOT, "blueprints", ".bench");
  mkdirSync(directory, { recursive: true });
  return Array.from({ length: 20 }, (_, index) => {
    const file = join(directory, `bench${index}.image.ts`);
    writeFileSync(
      file,
      `import { defineImage, remove } from "genpack-ts";
import paravirt from "@genpack-ts/profile-paravirt";

export default defineImage({
  name: "bench${index}",
  extends: paravirt,
  compression: "${["gzip", "xz"][index % 2]}",
  packages: ["www-apps/nextcloud", "dev-db/mysql", "dev-lang/php", "app-misc/tool${index}", remove("app-editors/nano")],
  use: { "dev-lang/php": ["mysql", "curl", "gd"], "media-libs/mesa": ["vaapi", { VIDEO_CARDS: ["virgl"] }] },
  users: [{ name: "user${index}", uid: ${1000 + index} }],
  services: ["apache2", "mysqld"],
  arch: { aarch64: { acceptKeywords: { "app-misc/tool${index}": null } } },
  variants: { debug: { packages: ["dev-util/gdb"] } },
});
`,
    );
    return file;
  });
}

const rows = [];
/** A row: gp's figure against a baseline's; `target` says whether the ratio (or time) meets the goal. */
function row(what, gp, baseline, target) {
  const ratio = baseline === undefined ? undefined : gp.ms / baseline.ms;
  const met = target === undefined ? "" : target(gp.ms, ratio) ? "met" : "MISSED";
  rows.push({ what, gp, baseline, ratio, met });
}

const TYPESCRIPT_6 = { env: { GP_TYPECHECKER: "typescript" } };

/**
 * A Node program that does nothing but the type-check gp runs, through TypeScript 7's API loaded
 * as gp loads it (the build's one CommonJS script, its compiled code kept between runs), with file
 * callbacks that only say "read it yourself": what any Node program that checks through the API
 * pays before it does anything else, a floor for gp's typed compile.
 */
function apiFloorScript() {
  const file = join(scratch, "api-floor.mjs");
  writeFileSync(
    file,
    `import Module from "node:module";
import { join } from "node:path";
import { cacheDirectory, runBuiltScript } from ${JSON.stringify(join(ROOT, "dist/compiler/code-cache.js"))};
Module.enableCompileCache?.(join(cacheDirectory(), "v8"));
const loaded = runBuiltScript(${JSON.stringify(join(ROOT, "dist/cli/native-api.cjs"))});
const { API } = loaded.exports;
const [config, executable] = process.argv.slice(2);
const api = new API({ cwd: process.cwd(), tsserverPath: executable, fs: { fileExists: () => undefined, readFile: () => undefined } });
const program = (await api.updateSnapshot({ openProjects: [config] })).getProject(config).program;
await Promise.all([program.getConfigFileParsingDiagnostics(), program.getProgramDiagnostics(), program.getSyntacticDiagnostics(), program.getGlobalDiagnostics(), program.getSemanticDiagnostics()]);
await api.close();
loaded.keep();
`,
  );
  return file;
}

/** The native compiler's own binary, which the API starts. */
function nativeBinary() {
  const nativeRequire = createRequire(createRequire(import.meta.url).resolve("typescript-native/package.json"));
  return join(dirname(nativeRequire.resolve(`@typescript/typescript-${process.platform}-${process.arch}/package.json`)), "lib", "tsc");
}

/** Median wall time of starting `count` empty Node processes, as many at once as gp runs sandboxes. */
async function emptyProcesses(count) {
  const once = async () => {
    const started = performance.now();
    let next = 0;
    const lane = async () => {
      while (next++ < count) await new Promise((done) => spawn(process.execPath, ["-e", ""], { stdio: "ignore" }).on("exit", done));
    };
    await Promise.all(Array.from({ length: Math.min(count, availableParallelism()) }, lane));
    return performance.now() - started;
  };
  await once();
  const samples = [];
  for (let run = 0; run < RUNS; run++) samples.push(await once());
  return { ms: samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)] };
}

try {
  const out = join(scratch, "out");
  const single = tscProject("single", [BLUEPRINT]);
  const tscOne = median(process.execPath, [TSC, "--noEmit", "-p", single]);
  const nativeOne = median(process.execPath, [NATIVE_TSC, "--noEmit", "-p", single]);

  // The first run ever, with no code cache yet.
  rmSync(cache, { recursive: true, force: true });
  const firstChecked = { ms: time(process.execPath, [GP, "compile", BLUEPRINT, "-o", out]), mib: peaks.get(key(process.execPath, [GP, "compile", BLUEPRINT, "-o", out])) };
  const checked = median(process.execPath, [GP, "compile", BLUEPRINT, "-o", out]);
  const checkedBefore = median(process.execPath, [GP, "compile", BLUEPRINT, "-o", out], TYPESCRIPT_6);
  const unchecked = median(process.execPath, [GP, "compile", BLUEPRINT, "-o", out, "--no-check"]);
  row("1 blueprint, type-checked compile (target <= 0.5x tsc 6)", checked, tscOne, (_, ratio) => ratio <= 0.5);
  row("1 blueprint, type-checked compile, against native tsc (target <= 1.3x)", checked, nativeOne, (_, ratio) => ratio <= 1.3);
  row("1 blueprint, type-checked compile, TypeScript 6 as checker", checkedBefore, tscOne);
  row("1 blueprint, type-checked, first run, empty cache", firstChecked, tscOne);
  row("1 blueprint, --no-check compile (target < 400 ms)", unchecked, tscOne, (ms) => ms < 400);
  row("1 blueprint, native tsc --noEmit itself", nativeOne, tscOne);
  const floorScript = apiFloorScript();
  const floor = median(process.execPath, [floorScript, single, nativeBinary()]);
  row("1 blueprint, floor: the check alone through the API, no gp, vs native tsc", floor, nativeOne);

  const twenty = twentyBlueprints();
  const tscTwenty = median(process.execPath, [TSC, "--noEmit", "-p", tscProject("twenty", twenty)]);
  const checkTwenty = median(process.execPath, [GP, "check", ...twenty]);
  const checkTwentyBefore = median(process.execPath, [GP, "check", ...twenty], TYPESCRIPT_6);
  row("20 blueprints in one process, gp check (target <= 0.5x tsc 6)", checkTwenty, tscTwenty, (_, ratio) => ratio <= 0.5);
  row("20 blueprints in one process, gp check, TypeScript 6 as checker", checkTwentyBefore, tscTwenty);
  row("20 blueprints, floor: the check alone through the API, no gp", median(process.execPath, [floorScript, tscProject("twenty-floor", twenty), nativeBinary()]), tscTwenty);
  row(`20 blueprints, floor: 20 empty Node processes, ${Math.min(20, availableParallelism())} at once (one sandbox each)`, await emptyProcesses(20), tscTwenty);
  const libraryScript = join(scratch, "twenty.mjs");
  writeFileSync(
    libraryScript,
    `import { compile } from ${JSON.stringify(join(ROOT, "dist/compiler/index.js"))};
for (const file of ${JSON.stringify(twenty)}) {
  const result = await compile(file, { typecheck: false });
  if (!result.ok) { console.error(result.diagnostics); process.exit(1); }
}`,
  );
  const libraryTwenty = median(process.execPath, [libraryScript]);
  row("20 blueprints in one process, compile() of each in turn, no type-check", libraryTwenty, tscTwenty);

  const width = Math.max(...rows.map((entry) => entry.what.length));
  console.log(`gp compile benchmark: median of ${RUNS} runs, each a new process (Node ${process.version}, ${process.arch})`);
  const mib = (figure) => (figure?.mib === undefined ? "" : figure.mib.toFixed(0));
  console.log(`${"".padEnd(width)}  ${"gp ms".padStart(8)}  ${"tsc ms".padStart(8)}  ${"ratio".padStart(6)}  ${"gp MiB".padStart(7)}  ${"tsc MiB".padStart(7)}`);
  for (const entry of rows) {
    const ratio = entry.ratio === undefined ? "" : `${entry.ratio.toFixed(2)}x`;
    console.log(`${entry.what.padEnd(width)}  ${entry.gp.ms.toFixed(0).padStart(8)}  ${(entry.baseline?.ms.toFixed(0) ?? "").padStart(8)}  ${ratio.padStart(6)}  ${mib(entry.gp).padStart(7)}  ${mib(entry.baseline).padStart(7)}  ${entry.met}`);
  }
  console.log(GNU_TIME === undefined ? "memory: install GNU time (Debian package time) for peak memory figures" : "MiB: peak resident memory of the run's largest process (GNU time)");
  if (rows.some((entry) => entry.met === "MISSED")) process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(join(ROOT, "blueprints", ".bench"), { recursive: true, force: true });
}
