#!/usr/bin/env node
import Module from "node:module";
import { join } from "node:path";
import { cacheDirectory } from "../compiler/code-cache.js";

// Node 22 and later keep compiled code of every module between runs, which halves the start of
// a type-check (TypeScript is one 9 MB script). Node 20 lacks this; gp caches TypeScript itself.
(Module as { enableCompileCache?: (directory: string) => unknown }).enableCompileCache?.(join(cacheDirectory(), "v8"));

// The commands that compile start the native checker's thread (unless told not to check) and
// esbuild's service first: they load while gp does.
if (process.argv[2] === "compile" || process.argv[2] === "check") {
  const early = await import("../compiler/early.js");
  if (!process.argv.includes("--no-check")) early.warmNativeCheck();
  early.warmEsbuild();
}
const { createCli, subcommandNames, valueOptionNames } = await import("./index.js");
const { commandAfterTarget, subcommandFirst } = await import("./argv.js");
// Which options take a value is read from the commands' declarations, only when needed: reading
// them means loading the commands.
let argv = process.argv.slice(2);
const names = subcommandNames();
if (argv[0]?.startsWith("-") === true && argv.some((word) => names.has(word))) argv = subcommandFirst(argv, names, await valueOptionNames());
const shells = new Set(["bash", "upper-bash"]);
if (shells.has(argv[0] ?? "")) {
  const { isShellTarget } = await import("./commands/build/shell.js");
  argv = commandAfterTarget(argv, shells, await valueOptionNames(argv[0]), isShellTarget);
}
process.exitCode = await (await createCli(argv[0])).run(argv);
