// Bundles the gp command into dist/cli/main.js, after tsc has built dist/.
// Node loads one module much faster than the forty a per-file build gives (about 25 ms against
// 70 ms here), which every gp command pays at start. TypeScript and esbuild stay outside: both
// are loaded only when needed, and TypeScript is cached separately (compiler/typescript.ts).
// What the commands import dynamically (the build runtime, execa) goes into chunks of its own,
// so `gp compile` does not parse half a megabyte of code it never runs.
import { chmodSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outfile = join(root, "dist/cli/main.js");
for (const name of readdirSync(join(root, "dist/cli"))) if (name.startsWith("gp-chunk-")) rmSync(join(root, "dist/cli", name));

await build({
  // The native type-check's thread is a script of its own, beside main.js (compiler/native-check-thread.ts).
  entryPoints: [join(root, "cli/main.ts"), join(root, "compiler/native-checker-worker.ts")],
  outdir: join(root, "dist/cli"),
  entryNames: "[name]",
  // Beside main.js, so that paths the code finds from import.meta.url hold in every chunk.
  chunkNames: "gp-chunk-[hash]",
  splitting: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "linked",
  // The CycloneDX library's optional XML plug-ins stay outside: gp writes JSON only, and the
  // library loads them only when asked for XML.
  // TypeScript 7's API (JavaScript that talks to its compiler) is a script of its own, below.
  external: ["typescript", "typescript-native/unstable/async", "esbuild", "xmlbuilder2", "libxmljs2"],
  // clipanion is CommonJS and calls require(); an ES module has none of its own.
  banner: { js: 'import { createRequire as __gpCreateRequire } from "node:module"; const require = __gpCreateRequire(import.meta.url);' },
  logLevel: "warning",
});
chmodSync(outfile, 0o755);

// TypeScript 7's API (JavaScript that talks to its compiler; the compiler stays a program of its
// own) as one CommonJS script beside the chunks: some forty modules load in a fraction of the
// time as one, and Node 20, which caches no module's compiled code, can keep that of a CommonJS
// script (compiler/native-checker.ts, compiler/code-cache.ts).
await build({
  stdin: { contents: 'module.exports = require("typescript-native/unstable/async");', resolveDir: root, loader: "js" },
  outfile: join(root, "dist/cli/native-api.cjs"),
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  // Its code reads import.meta only to find the compiler when not told where it is; gp tells it.
  logOverride: { "empty-import-meta": "silent" },
  // Its import() of Node's modules become require(): a script run through vm.Script has no
  // module loader to import with.
  supported: { "dynamic-import": false },
  logLevel: "warning",
});

// The program that runs a blueprint in its sandbox, as one file: the sandbox lets it read only
// that file and the blueprint's bundle (see compiler/evaluate.ts).
const { bundleRunner, RUNNER_BUNDLE } = await import(join(root, "dist/compiler/bundle-blueprints.js"));
await bundleRunner(join(root, "dist/compiler/sandbox/runner.js"), join(root, RUNNER_BUNDLE));

// The script of the system.ini form (gp ini page), for the browser: the page carries it inline.
const { bundleFormScript, FORM_BUNDLE, FORM_ENTRY } = await import(join(root, "dist/runtime/system-ini/form-script.js"));
await bundleFormScript(join(root, FORM_ENTRY), join(root, FORM_BUNDLE));
