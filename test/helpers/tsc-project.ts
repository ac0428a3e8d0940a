import { spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./gp.js";

/**
 * Runs `tsc --noEmit` over `directory` as a user's project would: genpack-ts linked into its
 * node_modules and a tsconfig.json that includes every `.ts` file there (a `gp-catalog.d.ts`
 * beside the blueprints too). `options` go to tsc after the project's.
 */
export function tscInProject(directory: string, options: readonly string[] = []): { readonly status: number | null; readonly stdout: string } {
  mkdirSync(join(directory, "node_modules"), { recursive: true });
  symlinkSync(ROOT, join(directory, "node_modules/genpack-ts"));
  writeFileSync(join(directory, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "preserve", moduleResolution: "bundler", target: "es2022", lib: ["es2023"], strict: true, skipLibCheck: true, types: [], noEmit: true }, include: ["*.ts"] }));
  const tsc = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", directory, "--pretty", "false", ...options], { encoding: "utf8" });
  return { status: tsc.status, stdout: tsc.stdout };
}
