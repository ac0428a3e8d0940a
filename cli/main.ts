#!/usr/bin/env node
import Module from "node:module";
import { join } from "node:path";
import { cacheDirectory } from "../compiler/typescript.js";

// Node 22 and later keep compiled code of every module between runs, which halves the start of
// a type-check (TypeScript is one 9 MB script). Node 20 lacks this; gp caches TypeScript itself.
(Module as { enableCompileCache?: (directory: string) => unknown }).enableCompileCache?.(join(cacheDirectory(), "v8"));

const { createCli, subcommandNames, valueOptionNames } = await import("./index.js");
const { commandAfterTarget, subcommandFirst } = await import("./argv.js");
const { isShellTarget } = await import("./commands/build/shell.js");
// Which options take a value is read from the commands' declarations, only when needed: reading
// all of them costs every start several milliseconds.
let argv = process.argv.slice(2);
if (argv[0]?.startsWith("-") === true) argv = subcommandFirst(argv, subcommandNames(), valueOptionNames());
const shells = new Set(["bash", "upper-bash"]);
if (shells.has(argv[0] ?? "")) argv = commandAfterTarget(argv, shells, valueOptionNames(argv[0]), isShellTarget);
process.exitCode = await createCli(argv[0]).run(argv);
