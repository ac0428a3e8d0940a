import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { compile, type CompileResult } from "../../compiler/index.js";
import { temporaryDirectory } from "./temp.js";

/** A blueprint with this source in a fresh directory of its own. */
export function blueprint(source: string, name = "x.image.ts"): { directory: string; file: string } {
  const directory = temporaryDirectory();
  const file = join(directory, name);
  writeFileSync(file, source);
  return { directory, file };
}

/** Compiles a blueprint with this source, without the type-check, in memory. */
export async function compileSource(source: string): Promise<CompileResult> {
  const { directory } = blueprint(source);
  return compile("x.image.ts", { cwd: directory, typecheck: false });
}
