// Records what dist/ was built from, so that `npm test` builds gp only when a source changed:
// on CI, `npm ci` builds once (its `prepare`), and the `npm test` after it need not build again,
// while `npm test` alone on a fresh checkout, or after an edit, still builds first. In an
// installed package, which has dist/ and no sources, there is nothing to build: npm runs
// `prepare` there too when a project links to the package with a file: dependency.
//
//   node scripts/build-stamp.mjs            after a build: write dist/.sources-sha256
//   node scripts/build-stamp.mjs --check    exit 0 if dist/ was built from the sources as they
//                                           are now, else exit 1 saying why
//   --root DIR                              another checkout than this script's
//
// The stamp is a SHA-256 of every file the build reads (names and contents), so it does not
// depend on file times, which a checkout, a copy or a clock can change.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** What `npm run build` reads: the sources tsc compiles and bundles, their configs, the dependencies. */
const INPUT_FOLDERS = ["dsl", "errors", "host", "portage", "genpack", "compiler", "runtime", "cli", "profiles"];
const INPUT_FILES = ["package.json", "package-lock.json", "tsconfig.base.json", "tsconfig.build.json", "scripts/bundle-cli.mjs"];
/** Built output inside the input folders (the profiles' index.js and index.d.ts), and tests, which the build does not read. */
const NOT_INPUTS = /(?:^profiles\/[^/]+\/index\.(?:js|d\.ts)$|\/test\/|\/node_modules\/)/;
const STAMP = "dist/.sources-sha256";
/** Outputs a complete build leaves, whose absence means dist/ must be built whatever the stamp says. */
const OUTPUTS = ["dist/cli/main.js", "dist/dsl/index.js", "dist/dsl/index.d.ts", "dist/compiler/sandbox/runner.bundle.mjs", "dist/runtime/system-ini/form.bundle.js"];

function filesUnder(root, folder) {
  const found = [];
  for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) found.push(...filesUnder(root, path));
    else if (entry.isFile() && !NOT_INPUTS.test(path)) found.push(path);
  }
  return found;
}

/** The digest of every input, each framed by its name and length. */
export function sourcesDigest(root) {
  const files = [...INPUT_FOLDERS.flatMap((folder) => filesUnder(root, folder)), ...INPUT_FILES.filter((file) => existsSync(join(root, file)))].sort();
  const hash = createHash("sha256");
  for (const file of files) {
    const content = readFileSync(join(root, file));
    hash.update(`${file}\0${content.length}\0`).update(content);
  }
  return hash.digest("hex");
}

const args = process.argv.slice(2);
const rootIndex = args.indexOf("--root");
const root = rootIndex === -1 ? join(dirname(fileURLToPath(import.meta.url)), "..") : args[rootIndex + 1];
if (args.includes("--check")) {
  if (!existsSync(join(root, "tsconfig.build.json"))) {
    process.stderr.write("genpack-ts is installed here, built; nothing to build\n");
    process.exit(0);
  }
  const missing = OUTPUTS.find((output) => !existsSync(join(root, output)));
  const stamp = existsSync(join(root, STAMP)) ? readFileSync(join(root, STAMP), "utf8").trim() : undefined;
  const why = missing !== undefined ? `${missing} is missing` : stamp === undefined ? `${STAMP} is missing` : stamp !== sourcesDigest(root) ? "the sources changed since dist/ was built" : undefined;
  if (why === undefined) {
    process.stderr.write("dist/ is built from the sources as they are; not building again\n");
    process.exit(0);
  }
  process.stderr.write(`building gp: ${why}\n`);
  process.exit(1);
} else {
  writeFileSync(join(root, STAMP), `${sourcesDigest(root)}\n`);
  process.stderr.write(`${relative(process.cwd(), join(root, STAMP)) || STAMP} written\n`);
}
