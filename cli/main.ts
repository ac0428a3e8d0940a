#!/usr/bin/env node
import Module from "node:module";
import { join } from "node:path";
import { cacheDirectory } from "../compiler/typescript.js";

// Node 22 and later keep compiled code of every module between runs, which halves the start of
// a type-check (TypeScript is one 9 MB script). Node 20 lacks this; gp caches TypeScript itself.
(Module as { enableCompileCache?: (directory: string) => unknown }).enableCompileCache?.(join(cacheDirectory(), "v8"));

const { createCli } = await import("./index.js");
process.exitCode = await createCli().run(process.argv.slice(2));
