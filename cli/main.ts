#!/usr/bin/env node
import Module from "node:module";
import { join } from "node:path";
import { cacheDirectory } from "../compiler/typescript.js";

// Node 22 and later keep compiled code of every module between runs, which halves the start of
// a type-check (TypeScript is one 9 MB script). Node 20 lacks this; gp caches TypeScript itself.
(Module as { enableCompileCache?: (directory: string) => unknown }).enableCompileCache?.(join(cacheDirectory(), "v8"));

const { createCli, subcommandNames } = await import("./index.js");
const { commandAfterTarget, subcommandFirst } = await import("./argv.js");
const { isShellTarget } = await import("./commands/shell.js");
const { VALUE_OPTIONS } = await import("./build-options.js");
const argv = commandAfterTarget(subcommandFirst(process.argv.slice(2), subcommandNames(), VALUE_OPTIONS), new Set(["bash", "upper-bash"]), VALUE_OPTIONS, isShellTarget);
process.exitCode = await createCli(argv[0]).run(argv);
