import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect } from "vitest";
import { ARCHES, PORTAGE_PROFILE_ARCHES, type Arch } from "../../dsl/index.js";
import { compile } from "../../compiler/index.js";
import { resolveTarget } from "../../compiler/artifact/resolve-target.js";
import type { GenpackResolution } from "../../genpack/resolve.js";
import { ROOT } from "./gp.js";
import { temporaryDirectory } from "./temp.js";

export interface ProfileExpectation {
  /** The Portage profile it selects, if any. */
  readonly profile?: string;
  /** The arches images extending it exist for. @default those of the bare arch profile */
  readonly arches?: readonly Arch[];
  /** More checks on the resolution for the first of those arches. */
  readonly resolution?: (resolution: GenpackResolution) => void;
  /** Paths the compiled artifact of an image extending the profile must hold. */
  readonly artifactPaths?: readonly string[];
}

/**
 * Checks a profile package as its users meet it: the usage example of its README compiles, and
 * an image extending it resolves with its Portage profile for its arches and is refused for
 * the others.
 */
export async function expectProfile(name: string, expected: ProfileExpectation): Promise<void> {
  const directory = temporaryDirectory();
  const readme = readFileSync(resolve(ROOT, "profiles", name, "README.md"), "utf8");
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example, `profiles/${name}/README.md has a usage example`).toBeDefined();
  writeFileSync(join(directory, "example.image.ts"), example as string);
  const compiled = await compile("example.image.ts", { cwd: directory });
  expect(compiled.diagnostics.filter((diagnostic) => diagnostic.severity === "error")).toEqual([]);

  const image = join(directory, "plain.image.ts");
  writeFileSync(image, `import { defineImage } from "genpack-ts";\nimport profile from "@genpack-ts/profile-${name}";\nexport default defineImage({ name: "plain", extends: profile });\n`);
  const plain = await compile(image, { cwd: directory });
  expect(plain.diagnostics.filter((diagnostic) => diagnostic.severity === "error")).toEqual([]);
  for (const path of expected.artifactPaths ?? []) expect([...(plain.artifact?.keys() ?? [])], `the artifact holds ${path}`).toContain(path);
  const arches = expected.arches ?? PORTAGE_PROFILE_ARCHES[""];
  for (const arch of ARCHES) {
    const result = await resolveTarget(image, { arch, semantics: "docs" });
    if (!arches.includes(arch)) {
      expect(result.ok, `${name} refused for ${arch}`).toBe(false);
      expect(result.diagnostics.map((diagnostic) => diagnostic.code)).toContain("GP3043");
      continue;
    }
    expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === "error"), `${name} for ${arch}`).toEqual([]);
    if (!result.ok) continue;
    expect(result.resolution.profile ?? undefined).toBe(expected.profile);
    if (arch === arches[0]) expected.resolution?.(result.resolution);
  }
}

/** The resolution of an image that only extends the profile, for x86_64 and one variant. */
export async function resolvePlain(name: string, variant: string): Promise<GenpackResolution> {
  const directory = temporaryDirectory();
  const image = join(directory, "plain.image.ts");
  writeFileSync(image, `import { defineImage } from "genpack-ts";\nimport profile from "@genpack-ts/profile-${name}";\nexport default defineImage({ name: "plain", extends: profile });\n`);
  const result = await resolveTarget(image, { arch: "x86_64", variant, semantics: "docs" });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.resolution;
}
