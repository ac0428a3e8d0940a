import { createHash } from "node:crypto";
import { posix } from "node:path";
import { ComponentType, ExternalReferenceType, HashAlgorithm } from "@cyclonedx/cyclonedx-library/Enums";
import { Bom, Component, ComponentEvidence, ExternalReference, HashDictionary, LicenseExpression, NamedLicense, Property, SpdxLicense, Tool } from "@cyclonedx/cyclonedx-library/Models";
import { JSON as CdxJson, JsonSerializer, type Types as SerializeTypes } from "@cyclonedx/cyclonedx-library/Serialize";
import { Spec1dot6 } from "@cyclonedx/cyclonedx-library/Spec";
import type { PackageFacts } from "./package-facts.js";
import { gentooPackageUrl } from "./purl.js";

/**
 * The image's CycloneDX 1.6 SBOM, made with the CycloneDX library from plain facts: the image as
 * `metadata.component`, one component per package of the runtime closure (and the image's own
 * packages), the pinned build inputs, and the closure's dependency edges. No time and no random
 * serial number: the same facts give the same bytes, so the image stays reproducible.
 */

/** The bom-ref of the image, which every document names its root by. */
export const IMAGE_BOM_REF = "image";

export interface SbomImage {
  /** genpack.json5's `name`. */
  readonly name: string;
  readonly arch: string;
  readonly variant: string | null;
  readonly profile: string | null;
}

/** A pinned input of the lower (stage3, Portage snapshot, genpack-overlay), as gp.lock records it. */
export interface BuildInputFacts {
  /** What it is to the build: "stage3", "portage", "genpack-overlay". */
  readonly input: string;
  readonly url: string;
  readonly size: number;
  /** Digests by CycloneDX algorithm name, as gp.lock has them. */
  readonly hashes: readonly (readonly ["SHA-512" | "SHA-256" | "BLAKE2b-512", string])[];
  /** The snapshot's date or the overlay's commit, when gp.lock names one. */
  readonly version?: string;
}

export interface SbomFacts {
  readonly image: SbomImage;
  readonly gpVersion: string;
  /** The closure's packages, in closure order. */
  readonly packages: readonly PackageFacts[];
  /** The image paths each package put into the image (by cpv), in the copy-up list's order. */
  readonly paths: ReadonlyMap<string, readonly string[]>;
  readonly inputs: readonly BuildInputFacts[];
}

/** Folders whose files make a package an application rather than a library. */
const PROGRAM_FOLDERS = new Set(["/usr/bin", "/usr/sbin", "/bin", "/sbin"]);

function properties(entries: readonly (readonly [string, string])[]): Property[] {
  return entries.map(([name, value]) => new Property(name, value));
}

function packageComponent(pkg: PackageFacts, paths: readonly string[]): Component {
  const component = new Component(paths.some((path) => PROGRAM_FOLDERS.has(posix.dirname(path))) ? ComponentType.Application : ComponentType.Library, pkg.name, {
    bomRef: pkg.cpv,
    group: pkg.category,
    version: pkg.version,
    purl: gentooPackageUrl(pkg.category, pkg.name, pkg.version, pkg.repository),
  });
  if (pkg.licensing.kind === "expression") {
    component.licenses.add(pkg.licensing.single ? new SpdxLicense(pkg.licensing.expression) : new LicenseExpression(pkg.licensing.expression));
  } else if (pkg.licensing.kind === "licenses") {
    for (const license of pkg.licensing.licenses) component.licenses.add("id" in license ? new SpdxLicense(license.id) : new NamedLicense(license.name));
  }
  for (const homepage of pkg.homepages) component.externalReferences.add(new ExternalReference(homepage, ExternalReferenceType.Website));
  for (const distfile of pkg.distfiles) {
    const hashes = new HashDictionary(distfile.hashes.map(([algorithm, content]) => [algorithm as HashAlgorithm, content]));
    component.externalReferences.add(new ExternalReference(distfile.uri ?? distfile.name, ExternalReferenceType.Distribution, { hashes, comment: distfile.name }));
  }
  for (const property of properties([
    ["gp:package-kind", pkg.imagePackage ? "image-package" : "closure"],
    ["gp:slot", pkg.slot],
    ["gp:repository", pkg.repository],
    ["gp:use", pkg.use.join(" ")],
    ["gp:license", pkg.license],
  ])) component.properties.add(property);
  return component;
}

function inputComponent(input: BuildInputFacts): Component {
  const name = input.url.slice(input.url.lastIndexOf("/") + 1) || input.input;
  const component = new Component(ComponentType.File, name, {
    bomRef: `input:${input.input}`,
    ...(input.version === undefined ? {} : { version: input.version }),
    hashes: new HashDictionary(input.hashes.map(([algorithm, content]) => [algorithm as HashAlgorithm, content])),
  });
  component.externalReferences.add(new ExternalReference(input.url, ExternalReferenceType.Distribution));
  for (const property of properties([
    ["gp:package-kind", "build-input"],
    ["gp:input", input.input],
    ["gp:size", String(input.size)],
  ])) component.properties.add(property);
  return component;
}

/**
 * The JSON serializer of the library with what its model lacks: `evidence.occurrences` (CycloneDX
 * 1.6), the image paths each package put into the image, added to the normalized document.
 */
class ImageSbomSerializer extends JsonSerializer {
  constructor(private readonly paths: ReadonlyMap<string, readonly string[]>) {
    super(new CdxJson.Normalize.Factory(Spec1dot6));
  }

  protected override _normalize(bom: Bom, options?: SerializeTypes.NormalizerOptions): ReturnType<JsonSerializer["_normalize"]> {
    const normalized = super._normalize(bom, options);
    for (const component of normalized.components ?? []) {
      const paths = this.paths.get(component["bom-ref"] ?? "");
      if (paths === undefined || paths.length === 0) continue;
      (component as { evidence?: object }).evidence = { ...component.evidence, occurrences: paths.map((location) => ({ location })) };
    }
    return normalized;
  }
}

function makeBom(facts: SbomFacts, imageSha256: string | undefined, serialNumber: string | undefined): Bom {
  const bom = new Bom(serialNumber === undefined ? {} : { serialNumber });
  const image = new Component(ComponentType.OperatingSystem, facts.image.name, { bomRef: IMAGE_BOM_REF });
  for (const property of properties([
    ["gp:arch", facts.image.arch],
    ...(facts.image.variant === null ? [] : [["gp:variant", facts.image.variant] as const]),
    ...(facts.image.profile === null ? [] : [["gp:profile", facts.image.profile] as const]),
  ])) image.properties.add(property);
  if (imageSha256 !== undefined) image.hashes.set(HashAlgorithm["SHA-256"], imageSha256);
  bom.metadata.component = image;
  bom.metadata.tools.components.add(new Component(ComponentType.Application, "gp", { bomRef: "tool:gp", version: facts.gpVersion, group: "genpack-ts" }));

  const byCpv = new Map<string, Component>();
  for (const pkg of facts.packages) {
    const component = packageComponent(pkg, facts.paths.get(pkg.cpv) ?? []);
    byCpv.set(pkg.cpv, component);
    bom.components.add(component);
  }
  for (const pkg of facts.packages) {
    const component = byCpv.get(pkg.cpv) as Component;
    const dependants = pkg.neededBy.filter((cpv) => byCpv.has(cpv));
    // A package only sets pulled in is a root of the image.
    if (dependants.length < pkg.neededBy.length || pkg.neededBy.length === 0) image.dependencies.add(component.bomRef);
    for (const dependant of dependants) byCpv.get(dependant)?.dependencies.add(component.bomRef);
  }
  for (const input of facts.inputs) bom.components.add(inputComponent(input));
  return bom;
}

function serialize(facts: SbomFacts, imageSha256: string | undefined, serialNumber: string | undefined): string {
  return `${new ImageSbomSerializer(facts.paths).serialize(makeBom(facts, imageSha256, serialNumber), { sortLists: true, space: 2 })}\n`;
}

/** A UUID (version 5 layout) made from a digest: equal content, equal serial number. */
function uuidOf(digest: string): string {
  const hex = `${digest.slice(0, 12)}5${digest.slice(13, 16)}${((Number.parseInt(digest.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${digest.slice(17, 32)}`;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The two copies of an image's SBOM: the one inside the image, and the one beside it with the image's own SHA-256. */
export interface SbomDocuments {
  /** `/.genpack/sbom.cdx.json`: everything but the image's hash, which it cannot hold. */
  readonly inside: string;
  /** The copy beside the image, for an image of this SHA-256. */
  beside(imageSha256: string): string;
}

/**
 * Renders the SBOM. Its serial number is derived from the document itself (without the image's
 * hash), so both copies share it and a changed SBOM has another.
 */
export function renderSbom(facts: SbomFacts): SbomDocuments {
  const digest = createHash("sha256").update(serialize(facts, undefined, undefined)).digest("hex");
  const serialNumber = `urn:uuid:${uuidOf(digest)}`;
  return { inside: serialize(facts, undefined, serialNumber), beside: (imageSha256) => serialize(facts, imageSha256, serialNumber) };
}
