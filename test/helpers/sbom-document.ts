/**
 * CycloneDX documents written by hand to the contract gp build's SBOM keeps (specVersion 1.6,
 * the image as metadata.component "image", one component per package with gp:package-kind,
 * gp:slot, gp:use and the paths it put into the image as evidence.occurrences), for tests of
 * what reads them.
 */
export interface SbomPackage {
  readonly category: string;
  readonly name: string;
  readonly version: string;
  readonly slot?: string;
  readonly use?: string;
  readonly kind?: "closure" | "image-package";
  readonly files?: readonly string[];
}

export interface SbomSpec {
  readonly name?: string;
  /** Only the copy beside an image carries it. */
  readonly imageSha256?: string;
  readonly packages: readonly SbomPackage[];
}

export function sbomDocument(spec: SbomSpec): Record<string, unknown> {
  const components = spec.packages.map((pkg) => ({
    type: "library",
    "bom-ref": `${pkg.category}/${pkg.name}-${pkg.version}`,
    group: pkg.category,
    name: pkg.name,
    version: pkg.version,
    purl: `pkg:ebuild/${pkg.category}/${pkg.name}@${pkg.version}`,
    licenses: [{ expression: "MIT" }],
    properties: [
      { name: "gp:slot", value: pkg.slot ?? "0" },
      { name: "gp:repository", value: "gentoo" },
      { name: "gp:use", value: pkg.use ?? "" },
      { name: "gp:license", value: "MIT" },
      { name: "gp:package-kind", value: pkg.kind ?? "closure" },
    ],
    evidence: { occurrences: (pkg.files ?? []).map((location) => ({ location })) },
  }));
  const inputs = [
    { type: "file", "bom-ref": "stage3", name: "stage3-amd64-systemd.tar.xz", hashes: [{ alg: "SHA-512", content: "0".repeat(128) }], properties: [{ name: "gp:package-kind", value: "build-input" }] },
  ];
  return {
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    version: 1,
    metadata: {
      tools: { components: [{ type: "application", name: "gp", version: "0.1.0" }] },
      component: {
        type: "operating-system",
        "bom-ref": "image",
        name: spec.name ?? "fixture",
        ...(spec.imageSha256 === undefined ? {} : { hashes: [{ alg: "SHA-256", content: spec.imageSha256 }] }),
        properties: [{ name: "gp:arch", value: "x86_64" }],
      },
    },
    components: [...components, ...inputs],
    dependencies: components.map((component) => ({ ref: component["bom-ref"], dependsOn: [] })),
  };
}
