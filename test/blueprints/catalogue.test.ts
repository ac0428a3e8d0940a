import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.js";
import { readArtifact } from "../../compiler/artifact/read-artifact.js";
import { effectiveResolution, resolveTarget } from "../../compiler/artifact/resolve-target.js";
import { fromSyntax } from "../../genpack/python.js";
import { CORPUS, CORPUS_MISSING_REASON, corpusArtifacts, corpusAvailable } from "../helpers/corpus.js";
import { ROOT } from "../helpers/gp.js";
import { skipFor } from "../helpers/skip.js";

const available = corpusAvailable();
// GP_CATALOGUE=name,name narrows the run while a blueprint is being written.
const only = process.env["GP_CATALOGUE"]?.split(",");
const names = corpusArtifacts().filter((name) => only === undefined || only.includes(name));

function variantsOf(directory: string): (string | null)[] {
  const read = readArtifact(directory, { check: false });
  if (!read.ok) throw new Error(`${directory} does not read`);
  const variants = (fromSyntax(read.artifact.document.root) as Map<string, unknown>).get("variants");
  return [null, ...(variants instanceof Map ? [...variants.keys()] : [])];
}

/** The build scripts of an original artifact that the corpus leaves out as code. */
function buildScriptsOf(name: string): string[] {
  const manifest = readFileSync(join(CORPUS, "MANIFEST.tsv"), "utf8").split("\n").slice(1);
  return manifest
    .map((line) => line.split("\t"))
    .filter(([artifact, path]) => artifact === name && path?.startsWith("files/build.d/") === true)
    .map(([, path]) => path as string);
}

describe("the blueprint catalogue", skipFor(available ? undefined : CORPUS_MISSING_REASON), () => {
  it.each(names)("blueprints/%s compiles, type-checked, and resolves exactly like the corpus original for x86_64 and aarch64, every variant and none", async (name) => {
    const blueprint = resolve(ROOT, "blueprints", name, `${name}.image.ts`);
    expect(existsSync(blueprint), `${blueprint} exists`).toBe(true);
    const compiled = await compile(blueprint, { cwd: ROOT });
    expect(compiled.diagnostics.filter((diagnostic) => diagnostic.severity === "error")).toEqual([]);
    const original = join(CORPUS, name);
    for (const arch of ["x86_64", "aarch64"] as const) {
      for (const variant of variantsOf(original)) {
        const before = await resolveTarget(original, { arch, variant, semantics: "docs" });
        const after = await resolveTarget(blueprint, { arch, variant, semantics: "docs" });
        const label = `${name} ${arch} ${String(variant)}`;
        expect(after.ok, `${label}: ${JSON.stringify(after.diagnostics.filter((d) => d.severity === "error").map((d) => d.message))}`).toBe(before.ok);
        if (before.ok && after.ok) {
          expect(after.resolution.portageFiles, label).toEqual(before.resolution.portageFiles);
          expect(effectiveResolution(after.resolution), label).toEqual(effectiveResolution(before.resolution));
        }
      }
    }
  });

  it.each(names)("blueprints/%s carries a build script for each one the original has", async (name) => {
    const compiled = await compile(resolve(ROOT, "blueprints", name, `${name}.image.ts`), { cwd: ROOT, typecheck: false });
    const written = [...(compiled.artifact?.keys() ?? [])];
    for (const script of buildScriptsOf(name)) expect(written, `${name} has ${script}`).toContain(script);
  });
});
