import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ARCHES } from "../../../dsl/index.js";
import { check, writeArtifact, type CompileResult } from "../../../compiler/index.js";
import { resolutionToJson, resolveArtifact, resolveCompiled } from "../../../compiler/artifact/resolve-target.js";
import { fromDocument } from "../../../genpack/python.js";
import { typedResolution } from "../../../genpack/resolution.js";

const ROOT = join(import.meta.dirname, "../../..");
const scratch = mkdtempSync(join(tmpdir(), "gp-resolve-routes-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every blueprint of blueprints/ and of the golden tests. */
function shippedBlueprints(): string[] {
  const blueprints = readdirSync(join(ROOT, "blueprints"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => readdirSync(join(ROOT, "blueprints", entry.name)).filter((file) => file.endsWith(".image.ts")).map((file) => join(ROOT, "blueprints", entry.name, file)));
  const golden = readdirSync(join(ROOT, "test/golden"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => readdirSync(join(ROOT, "test/golden", entry.name, "input")).filter((file) => file.endsWith(".image.ts")).map((file) => join(ROOT, "test/golden", entry.name, "input", file)));
  return [...blueprints, ...golden].sort();
}

/** A blueprint with every kind of value genpack passes through `str()`: ids, numbers, booleans. */
function valuesBlueprint(): string {
  const directory = mkdtempSync(join(scratch, "values-"));
  const path = join(directory, "values.image.ts");
  writeFileSync(
    path,
    `import { defineImage } from "genpack-ts";
export default defineImage({
  name: "values",
  profile: "paravirt",
  compression: "xz",
  lowerLayerCapacity: 64,
  independentBinpkgs: true,
  packages: ["app-misc/hello"],
  binpkgExcludes: ["sys-kernel/gentoo-kernel"],
  circulardepBreaker: { packages: ["media-libs/tiff"], use: "-webp" },
  groups: [{ name: "media", gid: 1001 }, "plain"],
  users: [{ name: "alice", uid: 1000, additionalGroups: ["media"], emptyPassword: true, createHome: false }],
  services: ["sshd"],
  setupCommands: ["true"],
  variants: { debug: { name: "values-debug", packages: ["app-misc/debug"] }, plain: {} },
});
`,
  );
  return path;
}

/** The variants genpack.json5 names, and no variant. */
function variantsOf(compiled: CompileResult): (string | null)[] {
  const json = fromDocument(compiled.document ?? null);
  const variants = json instanceof Map ? json.get("variants") : undefined;
  return [null, ...(variants instanceof Map ? [...variants.keys()] : [])];
}

describe("resolving a blueprint", () => {
  it("gives the same resolution from the compile result in memory as from the artifact written and read back", async () => {
    // GIVEN the shipped blueprints and one with every kind of value, compiled once.
    const entries = [...shippedBlueprints(), valuesBlueprint()];
    const results = await check(entries, { typecheck: false });
    let compared = 0;
    for (const compiled of results) {
      expect(compiled.diagnostics.filter((diagnostic) => diagnostic.severity === "error"), compiled.entry).toEqual([]);
      // WHEN its artifact is written where genpack would read it, named as gp names it,
      const artifactDir = join(mkdtempSync(join(scratch, "out-")), compiled.name ?? "");
      expect(writeArtifact(artifactDir, compiled.artifact ?? new Map()).ok).toBe(true);
      // THEN each arch and variant resolves alike both ways: what gp resolve shows, and what a build takes.
      for (const arch of ARCHES) {
        for (const variant of variantsOf(compiled)) {
          const options = { arch, variant, semantics: "docs" as const };
          const inMemory = resolveCompiled(compiled, options);
          const fromFile = resolveArtifact(artifactDir, options);
          const where = `${compiled.entry} for ${arch}, variant ${String(variant)}`;
          if (!inMemory.ok || !fromFile.ok) {
            // An arch the Portage profile lacks fails both ways.
            expect([inMemory.ok, fromFile.ok], where).toEqual([false, false]);
            continue;
          }
          expect(resolutionToJson(inMemory.resolution), where).toEqual(resolutionToJson(fromFile.resolution));
          expect(typedResolution(inMemory.resolution), where).toEqual(typedResolution(fromFile.resolution));
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(entries.length);
  }, 120_000);

  it("hands a build genpack's str() of each value: ids as digits, booleans as Python spells them", async () => {
    const [compiled] = await check([valuesBlueprint()], { typecheck: false });
    const resolved = resolveCompiled(compiled as CompileResult, { arch: "x86_64", variant: "debug", semantics: "docs" });
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.diagnostics));
    expect(typedResolution(resolved.resolution)).toMatchObject({
      name: "values-debug",
      profile: "paravirt",
      compression: "xz",
      binpkgExcludes: ["sys-kernel/gentoo-kernel"],
      groupaddCommands: [["groupadd", "-g", "1001", "media"], ["groupadd", "plain"]],
      useraddCommands: [["useradd", "-u", "1000", "-G", "media", "-p", "", "alice"]],
      services: ["sshd"],
      circulardepBreaker: { packages: ["media-libs/tiff"], use: "-webp" },
      independentBinpkgs: true,
    });
  });
});
