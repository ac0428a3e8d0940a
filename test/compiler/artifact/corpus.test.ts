import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARCHES } from "../../../dsl/index.js";
import { importToFile } from "../../../compiler/artifact/import-to-file.js";
import { readArtifact } from "../../../compiler/artifact/read-artifact.js";
import { effectiveResolution, resolveTarget } from "../../../compiler/artifact/resolve-target.js";
import { fromSyntax } from "../../../genpack/python.js";
import { CORPUS, CORPUS_MISSING_REASON, corpusArtifacts, corpusAvailable, legacyArtifacts } from "../../helpers/corpus.js";
import { skipFor } from "../../helpers/skip.js";

const available = corpusAvailable();
const artifacts = corpusArtifacts();

function variantsOf(directory: string): (string | null)[] {
  const read = readArtifact(directory, { check: false });
  if (!read.ok) throw new Error(`${directory} does not read`);
  const json = fromSyntax(read.artifact.document.root) as Map<string, unknown>;
  const variants = json.get("variants");
  return [null, ...(variants instanceof Map ? [...variants.keys()] : [])];
}

describe("the corpus round trip", skipFor(available ? undefined : CORPUS_MISSING_REASON), () => {
  const imported = new Map<string, string>();
  const projects = mkdtempSync(join(tmpdir(), "gp-corpus-"));
  afterAll(() => rmSync(projects, { recursive: true, force: true }));

  beforeAll(async () => {
    // Import each artifact once, into a project folder of its own outside the corpus.
    for (const name of artifacts) {
      const result = await importToFile(join(CORPUS, name), { output: join(projects, name, `${name}.image.ts`) });
      if (!result.ok) throw new Error(`${name} did not import: ${JSON.stringify(result.diagnostics, null, 2)}`);
      imported.set(name, result.blueprint);
    }
  }, 300_000);

  it("covers every whole-image artifact of the corpus", () => {
    expect(artifacts.length).toBeGreaterThanOrEqual(15);
    expect(imported.size).toBe(artifacts.length);
  });

  it.each(artifacts)("%s: the imported blueprint compiles to an artifact that resolves like the original, for x86_64, aarch64, every variant and none", async (name) => {
    const blueprint = imported.get(name) as string;
    const original = join(CORPUS, name);
    let compared = 0;
    for (const arch of ["x86_64", "aarch64"] as const) {
      for (const variant of variantsOf(original)) {
        const before = await resolveTarget(original, { arch, variant, semantics: "docs" });
        const after = await resolveTarget(blueprint, { arch, variant, semantics: "docs" });
        // Artifacts on an amd64-only Portage profile (gnome/baremetal) do not resolve for aarch64,
        // and their blueprints must refuse the same.
        if (arch === "x86_64") expect(before.ok, `${name} ${arch} ${String(variant)} resolves`).toBe(true);
        expect(after.ok, `${name} blueprint ${arch} ${String(variant)}`).toBe(before.ok);
        if (!before.ok) compared++;
        if (before.ok && after.ok) {
          expect(effectiveResolution(after.resolution), `${name} ${arch} ${String(variant)}`).toEqual(effectiveResolution(before.resolution));
          // The Portage files, where most of an image is decided, are equal byte for byte.
          expect(after.resolution.portageFiles).toEqual(before.resolution.portageFiles);
          compared++;
        }
      }
    }
    expect(compared).toBe(2 * variantsOf(original).length);
  });

  it("keeps the comments of genpack.json5 in the blueprint", () => {
    const source = readFileSync(imported.get("camera") as string, "utf8");
    expect(source).toContain('"genpack/wireless", // use system.ini to configure wifi connection');
    expect(source).toContain('//"media-video/v4l2loopback", // not compatible with Linux 6.18');
  });

  it("resolves the same with --compat genpack for artifacts that use none of genpack's quirks", async () => {
    for (const name of ["borg", "code", "stub", "torch"]) {
      for (const arch of ARCHES) {
        for (const variant of variantsOf(join(CORPUS, name))) {
          const docs = await resolveTarget(join(CORPUS, name), { arch, variant, semantics: "docs" });
          const code = await resolveTarget(join(CORPUS, name), { arch, variant, semantics: "genpack" });
          expect(code.ok, `${name} ${arch} ${String(variant)} resolves as genpack's code does`).toBe(true);
          // gp refuses arches genpack-overlay has no profile for (i686 always, riscv64 for
          // baremetal images); genpack goes on until eselect fails. Elsewhere both agree.
          if (arch === "i686") expect(docs.ok).toBe(false);
          if (arch === "x86_64") expect(docs.ok).toBe(true);
          if (docs.ok && code.ok) expect(isDeepStrictEqual(docs.resolution, code.resolution), `${name} ${arch} ${String(variant)}`).toBe(true);
        }
      }
    }
  });
});

describe("the legacy genpack.json5 files", skipFor(available ? undefined : CORPUS_MISSING_REASON), () => {
  const expected: Record<string, readonly string[]> = {
    "borg@35fb48aa72": ["mix-in"],
    "gnome@19f3471c12": ["gentoo_profile"],
    "gnome@30833f5292": ["gentoo-profile", "minimum-lower-layer-capacity", "buildtime-packages", "circulardep-breaker"],
    "stub@ab3a1d9a10": ["binpkg-exclude"],
    "walbrix@ae46fd3c1c": ["binpkg_exclude"],
  };

  it("are all listed here", () => {
    expect(legacyArtifacts()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))("%s is refused for exactly its obsolete keys, each with its location", (name, keys) => {
    const read = readArtifact(join(CORPUS, "_legacy", name), { check: true });
    expect(read.ok).toBe(false);
    // The folders are named `<artifact>@<commit>`, which is no image name: those without `name` are refused for it too.
    const errors = read.diagnostics.filter((diagnostic) => diagnostic.severity === "error" && diagnostic.code !== "GP3033");
    expect(errors.map((diagnostic) => diagnostic.path?.[0])).toEqual(keys);
    for (const diagnostic of errors) expect(diagnostic.location?.start?.line).toBeGreaterThan(0);
  });

  it("gives genpack's own error for the deprecated hyphenated names with --compat genpack", async () => {
    const stub = await resolveTarget(join(CORPUS, "_legacy", "stub@ab3a1d9a10"), { arch: "x86_64", semantics: "genpack" });
    expect(stub.ok).toBe(false);
    expect(stub.diagnostics.map((diagnostic) => diagnostic.message)).toContain("genpack stops here with ValueError: binpkg-exclude at genpack.json is deprecated, use binpkg_excludes instead");
  });
});
