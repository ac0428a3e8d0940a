// Build benchmark: gp build of the fixture image (test/fixtures/gentoo) from a mirror on
// 127.0.0.1, with real emerge, systemd-nspawn, overlayfs and mksquashfs.
//
//   npm run bench            (builds first; this part needs root, debootstrap and systemd-nspawn)
//   node bench/build.bench.mjs --runs 5
//
// Figures, each measured in this run:
// - a full build with an empty binary package cache, and again from nothing with the cache warm;
// - a no-op rebuild (median), against the full build;
// - an upper-only rebuild after an edit to services (median), against the full build;
// - pack throughput: `gp pack` of a large upper (a copy of the lower root) against plain
//   mksquashfs with the same compression on the same tree.
import { execFile, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build as bundle } from "esbuild";

const execFileAsync = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const GP = join(ROOT, "dist/cli/main.js");
const FIXTURE = join(ROOT, "test/fixtures/gentoo");
const runsIndex = process.argv.indexOf("--runs");
const RUNS = runsIndex === -1 ? 5 : Number(process.argv[runsIndex + 1]);

function missingSupport() {
  if (process.getuid?.() !== 0) return "it needs root (systemd-nspawn, overlayfs, loop mounts)";
  for (const command of ["systemd-nspawn", "debootstrap", "mksquashfs", "rsync", "unshare"]) {
    if (spawnSync("sh", ["-c", `command -v ${command}`]).status !== 0) return `${command} is not installed`;
  }
  return undefined;
}

const missing = missingSupport();
if (missing !== undefined) {
  console.log(`gp build benchmark: skipped, ${missing}`);
  process.exit(0);
}

// The fixture is TypeScript that finds its repositories beside itself: bundle it next to them.
const fixtureModule = join(FIXTURE, ".bench-fixture.mjs");
await bundle({ entryPoints: [join(FIXTURE, "index.ts")], outfile: fixtureModule, bundle: true, platform: "node", format: "esm", target: "node20", logLevel: "warning" });
const fixture = await import(fixtureModule);
rmSync(fixtureModule);

const scratch = mkdtempSync(join("/var/tmp", "gp-build-bench-"));
const imageDir = join(scratch, "image");
const blueprint = join(imageDir, "fixture.image.ts");
const artifact = join(imageDir, "out/fixture");
const env = { ...process.env, NO_COLOR: "1", GP_CACHE_DIR: join(scratch, "cache"), SOURCE_DATE_EPOCH: "" };

function blueprintSource(services) {
  return `import { defineImage } from "genpack-ts";
export default defineImage({
  name: "fixture",
  profile: "paravirt",
  packages: ["app-misc/eula", "dev-libs/libsample"],
  buildtimePackages: ["dev-util/buildtool"],
  use: { "app-misc/flavour": "chocolate -vanilla" },
  acceptKeywords: { "app-misc/keyworded": null },
  mask: [">=app-misc/maskable-2"],
  license: { "app-misc/eula": "Example-EULA" },
  users: [{ name: "builder", uid: 1500 }],
  services: ${JSON.stringify(services)},
  files: { "/etc/fixture.conf": "hello=1\\n" },
});
`;
}

/** Wall time of a command in a new process, run asynchronously: the mirror is served from this one. */
async function time(command, args, options = {}) {
  const started = performance.now();
  try {
    const { stdout } = await execFileAsync(command, args, { encoding: "utf8", env, cwd: options.cwd ?? imageDir, maxBuffer: 256 * 1024 * 1024 });
    return { seconds: (performance.now() - started) / 1000, stdout };
  } catch (failure) {
    throw new Error(`${command} ${args.join(" ")} failed:\n${String(failure.stdout ?? "").slice(-4000)}${String(failure.stderr ?? failure.message).slice(-4000)}`);
  }
}

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The phases a `gp ... --json` run ran, with their own durations. */
function donePhases(stdout) {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line))
    .filter((event) => event.type === "phase" && event.status === "done");
}

/** Runs gp, checks that it ran exactly the phases expected, and gives its wall time. */
async function gp(args, expected) {
  return (await gpPhases(args, expected)).seconds;
}

async function gpPhases(args, expected) {
  const result = await time(process.execPath, [GP, ...args, "--json"]);
  const done = donePhases(result.stdout);
  const ran = done.map((event) => event.phase).join(" ");
  if (ran !== expected) throw new Error(`gp ${args.join(" ")} ran "${ran}", expected "${expected}"`);
  return { seconds: result.seconds, phases: Object.fromEntries(done.map((event) => [event.phase, event.seconds])) };
}

function treeBytes(path) {
  return Number(spawnSync("du", ["-sb", path], { encoding: "utf8" }).stdout.split("\t")[0]);
}

const rows = [];
function row(what, value, unit, baseline) {
  rows.push({ what, value, unit, baseline, ratio: baseline === undefined ? undefined : value / baseline });
}

let server;
try {
  console.error("bench: making the fixture stage3 if it is not cached (about 90 s the first time)");
  await fixture.fixtureStage3({ onProgress: (message) => console.error(`fixture stage3: ${message}`) });
  server = await fixture.serveMirror(await fixture.createMirror(join(scratch, "mirror"), { snapshotDate: fixture.snapshotDateOf(new Date(Date.now() - 86_400_000)) }));
  const mirror = ["--gentoo-mirror", server.urls.gentoo, "--github-api", server.urls.api, "--github-archive", server.urls.github];
  mkdirSync(imageDir, { recursive: true });
  writeFileSync(blueprint, blueprintSource(["sample-daemon.service"]));
  const build = (expected) => gp(["build", blueprint, ...mirror], expected);

  console.error("bench: full builds");
  const cold = await build("lower upper pack");
  await gp(["clean", blueprint], "");
  const warm = await build("lower upper pack");
  row("full build, empty binary package cache", cold, "s");
  row("full build from nothing, binary packages cached", warm, "s");

  console.error("bench: no-op and upper-only rebuilds");
  const noop = [];
  for (let run = 0; run < RUNS; run += 1) noop.push(await build(""));
  row(`no-op rebuild (median of ${RUNS}), against the warm full build`, median(noop), "s", warm);
  const upperOnly = [];
  for (let run = 0; run < RUNS; run += 1) {
    writeFileSync(blueprint, blueprintSource(run % 2 === 0 ? [] : ["sample-daemon.service"]));
    upperOnly.push(await build("upper pack"));
  }
  row(`services edited: upper and pack only (median of ${RUNS}), against the warm full build`, median(upperOnly), "s", warm);

  console.error("bench: pack throughput");
  // A large upper: the lower root copied in, as a full image's upper holds most of its lower.
  const upper = join(artifact, "work/x86_64/upper/upper");
  rmSync(upper, { recursive: true, force: true });
  spawnSync("cp", ["-a", join(artifact, "work/x86_64/lower"), upper], { stdio: "inherit" });
  const bytes = treeBytes(upper);
  const packs = [];
  const packPhases = [];
  for (let run = 0; run < RUNS; run += 1) {
    const packed = await gpPhases(["pack", blueprint], "pack");
    packs.push(packed.seconds);
    packPhases.push(packed.phases.pack);
  }
  const plainOut = join(scratch, "plain.squashfs");
  const plains = [];
  for (let run = 0; run < RUNS; run += 1) {
    plains.push((await time("mksquashfs", [upper, plainOut, "-noappend", "-no-progress", "-comp", "gzip", "-Xcompression-level", "1"])).seconds);
  }
  const megabytes = bytes / 1e6;
  row(`gp pack of a ${megabytes.toFixed(0)} MB upper, gzip, whole command (median of ${RUNS}), against plain mksquashfs`, median(packs), "s", median(plains));
  row(`  its pack phase alone (whiteout scan, mksquashfs, SHA-256), against plain mksquashfs`, median(packPhases), "s", median(plains));
  row("gp pack phase throughput", megabytes / median(packPhases), "MB/s");
  row("plain mksquashfs throughput", megabytes / median(plains), "MB/s");

  const width = Math.max(...rows.map((entry) => entry.what.length));
  console.log(`gp build benchmark: fixture image, real emerge and mksquashfs (Node ${process.version}, ${spawnSync("nproc", { encoding: "utf8" }).stdout.trim()} cores)`);
  console.log(`${"".padEnd(width)}  ${"value".padStart(9)}  ${"baseline".padStart(9)}  ${"ratio".padStart(7)}`);
  for (const entry of rows) {
    const value = `${entry.value.toFixed(entry.unit === "s" ? 2 : 0)} ${entry.unit}`;
    const baseline = entry.baseline === undefined ? "" : `${entry.baseline.toFixed(2)} s`;
    const ratio = entry.ratio === undefined ? "" : `${entry.ratio.toFixed(3)}x`;
    console.log(`${entry.what.padEnd(width)}  ${value.padStart(9)}  ${baseline.padStart(9)}  ${ratio.padStart(7)}`);
  }
} finally {
  await server?.close();
  spawnSync("umount", ["-R", "-l", scratch], { stdio: "ignore" });
  rmSync(scratch, { recursive: true, force: true });
}
