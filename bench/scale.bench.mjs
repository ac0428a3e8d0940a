// Scale benchmark: gp on inputs of 10,000 and 100,000 entries, measured in the same run.
//
//   npm run bench            (builds first)
//   node bench/scale.bench.mjs --runs 5
//
// Each input holds N packages (one in ten removed again by an arch block, and a tenth of them
// by a variant), N USE entries, N users and N services, as a genpack.json5 and as a blueprint.
// Every figure is the median wall time of a new process and its peak resident memory. The cost
// per entry is the time above a trivial input's, divided by N; its ratio between 100,000 and
// 10,000 entries is about 1 when gp is linear in its input, and would be 10 if it were
// quadratic. Target: at most 1.5.
//
// The type-check of a list of atoms with one wrong atom, which TypeScript took minutes over
// before the DSL made each field it reports on a field that is there, is measured the same way
// at 2,000 and 20,000 atoms.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const GP = join(ROOT, "dist/cli/main.js");
const runsIndex = process.argv.indexOf("--runs");
const RUNS = runsIndex === -1 ? 3 : Number(process.argv[runsIndex + 1]);
const TARGET_RATIO = 1.5;

const scratch = mkdtempSync(join(tmpdir(), "gp-scale-bench-"));
const cache = join(scratch, "cache");
const rssFile = join(scratch, "rss");
// Loaded into every gp process measured: its peak resident memory, written when it exits.
const reportRss = `data:text/javascript,${encodeURIComponent(`import { writeFileSync } from "node:fs"; process.on("exit", () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));`)}`;

/** One run of gp: wall milliseconds and peak memory in MB. */
function run(args, expectStatus) {
  const started = performance.now();
  const result = spawnSync(process.execPath, ["--import", reportRss, GP, ...args], { cwd: scratch, encoding: "utf8", maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: "1", XDG_CACHE_HOME: cache } });
  const ms = performance.now() - started;
  if (result.status !== expectStatus) throw new Error(`gp ${args.join(" ")} exited ${result.status}, not ${expectStatus}:\n${result.stderr.slice(0, 2000)}`);
  return { ms, mb: Number(readFileSync(rssFile, "utf8")) / 1024 };
}

function median(args, expectStatus = 0) {
  run(args, expectStatus); // warm-up: page cache, and gp's code cache
  const samples = Array.from({ length: RUNS }, () => run(args, expectStatus));
  const middle = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return { ms: middle(samples.map((sample) => sample.ms)), mb: Math.max(...samples.map((sample) => sample.mb)) };
}

/** The inputs of `count` entries: `<dir>/genpack.json5` and `<dir>/scale.image.ts`. */
function inputs(count) {
  const directory = join(scratch, `n${count}`);
  mkdirSync(directory, { recursive: true });
  const atoms = Array.from({ length: count }, (_, index) => `app-misc/p${index}`);
  const removedByArch = atoms.filter((_, index) => index % 10 === 0);
  const removedByVariant = atoms.filter((_, index) => index % 10 === 5);
  const users = atoms.map((_, index) => ({ name: `u${index}`, uid: 10_000 + index }));
  const services = atoms.map((_, index) => `s${index}.service`);
  writeFileSync(
    join(directory, "genpack.json5"),
    JSON.stringify({
      name: "scale",
      profile: "paravirt",
      packages: atoms,
      use: Object.fromEntries(atoms.map((atom) => [atom, "ssl -gtk"])),
      users,
      services,
      arch: { x86_64: { packages: removedByArch.map((atom) => `-${atom}`) } },
      variants: { big: { packages: removedByVariant.map((atom) => `-${atom}`) } },
    }),
  );
  const list = (values, show) => values.map((value) => `    ${show(value)},`).join("\n");
  writeFileSync(
    join(directory, "scale.image.ts"),
    `import { defineImage, remove } from "genpack-ts";
export default defineImage({
  name: "scale",
  profile: "paravirt",
  packages: [
${list(atoms, JSON.stringify)}
  ],
  use: {
${list(atoms, (atom) => `${JSON.stringify(atom)}: "ssl -gtk"`)}
  },
  users: [
${list(users, (user) => `{ name: "${user.name}", uid: ${user.uid} }`)}
  ],
  services: [
${list(services, JSON.stringify)}
  ],
  arch: { x86_64: { packages: [${removedByArch.map((atom) => `remove(${JSON.stringify(atom)})`).join(", ")}] } },
  variants: { big: { packages: [${removedByVariant.map((atom) => `remove(${JSON.stringify(atom)})`).join(", ")}] } },
});
`,
  );
  return directory;
}

/** A blueprint and a genpack.json5 listing `count` atoms, the one in the middle not an atom. */
function oneBadAtom(count) {
  const directory = join(scratch, `bad${count}`);
  mkdirSync(directory, { recursive: true });
  const list = Array.from({ length: count }, (_, index) => `    ${index === count / 2 ? '"not an atom"' : `"app-misc/p${index}"`},`).join("\n");
  writeFileSync(join(directory, "bad.image.ts"), `import { defineImage } from "genpack-ts";\nexport default defineImage({\n  name: "bad",\n  packages: [\n${list}\n  ],\n});\n`);
  writeFileSync(join(directory, "genpack.json5"), `{\n  name: "bad",\n  packages: [\n${list}\n  ],\n}\n`);
  return directory;
}

const rows = [];

/** Measures `command` at a small and a large size against a trivial input, and the ratio of their costs per entry. */
function measure(what, command, sizes, make, expectStatus = 0) {
  const [small, large] = sizes;
  const base = median(command(make(10)), expectStatus);
  const atSmall = median(command(make(small)), expectStatus);
  const atLarge = median(command(make(large)), expectStatus);
  const perSmall = (atSmall.ms - base.ms) / small;
  const perLarge = (atLarge.ms - base.ms) / large;
  const ratio = perLarge / perSmall;
  rows.push({ what, base, atSmall, atLarge, sizes, perSmall, perLarge, ratio, met: ratio <= TARGET_RATIO ? "met" : "MISSED" });
}

try {
  const sizes = [10_000, 100_000];
  measure("gp check DIR", (directory) => ["check", directory], sizes, inputs);
  measure("gp resolve DIR --arch x86_64 --variant big", (directory) => ["resolve", directory, "--arch", "x86_64", "--variant", "big"], sizes, inputs);
  measure("gp compile BLUEPRINT --no-check", (directory) => ["compile", join(directory, "scale.image.ts"), "--no-check", "--force", "-o", join(directory, "out")], sizes, inputs);
  measure("gp explain BLUEPRINT --field packages", (directory) => ["explain", join(directory, "scale.image.ts"), "--arch", "x86_64", "--variant", "big", "--field", "packages"], sizes, inputs);
  measure("gp check DIR, one bad atom", (directory) => ["check", directory], [2_000, 20_000], oneBadAtom, 1);
  measure("gp check BLUEPRINT (type-checked), one bad atom", (directory) => ["check", join(directory, "bad.image.ts")], [2_000, 20_000], oneBadAtom, 1);

  console.log(`gp scale benchmark: median of ${RUNS} runs, each a new process (Node ${process.version}, ${process.arch}); per entry is the time above a 10-entry input`);
  const header = `${"".padEnd(48)}  ${"10 ms".padStart(7)}  ${"small".padStart(14)}  ${"large".padStart(15)}  ${"µs/entry".padStart(17)}  ${"ratio".padStart(6)}`;
  console.log(header);
  for (const row of rows) {
    const figure = (sample, size) => `${size / 1000}k ${sample.ms.toFixed(0)} ms ${sample.mb.toFixed(0)} MB`;
    const perEntry = `${(row.perSmall * 1000).toFixed(0)} / ${(row.perLarge * 1000).toFixed(0)}`;
    console.log(
      `${row.what.padEnd(48)}  ${row.base.ms.toFixed(0).padStart(7)}  ${figure(row.atSmall, row.sizes[0]).padStart(14)}  ${figure(row.atLarge, row.sizes[1]).padStart(15)}  ${perEntry.padStart(17)}  ${`${row.ratio.toFixed(2)}x`.padStart(6)}  ${row.met}`,
    );
  }
  console.log(`ratio: cost per entry at the large size over the small one (target <= ${TARGET_RATIO}; 10 would be quadratic)`);
  if (rows.some((row) => row.met === "MISSED")) process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
