import type { Arch } from "../../dsl/index.js";
import type { InputLock } from "../inputs/lockfile.js";
import { collectCopyUpList, computeRuntimeClosure, readRepositories, RootFs } from "../upper/closure/index.js";
import { renderSbom, type BuildInputFacts, type SbomDocuments, type SbomImage } from "./bom.js";
import { parseLicenseMapping, type LicenseMapping } from "./license-mapping.js";
import { readLowerText } from "./lower-file.js";
import { readPackageFacts } from "./package-facts.js";

/**
 * The image's SBOM: what is inside an image, read from the lower it was copied up from, so its
 * owner can answer a security advisory or a license audit without booting it.
 */
export { renderSbom, IMAGE_BOM_REF, type SbomDocuments, type SbomFacts, type SbomImage, type BuildInputFacts } from "./bom.js";
export { parseLicenseMapping, spdxLicensing, type LicenseMapping, type SpdxLicensing } from "./license-mapping.js";
export { parseManifestDistfiles, type ManifestDistfile } from "./manifest.js";
export { readPackageFacts, type PackageFacts, type Distfile } from "./package-facts.js";

/** Where an image's SBOM is inside it. */
export const SBOM_IMAGE_PATH = "/.genpack/sbom.cdx.json";

/** Where an image's SBOM is beside it: `<image without .squashfs>.cdx.json`. */
export function sbomBesideImage(image: string): string {
  return `${image.replace(/\.squashfs$/, "")}.cdx.json`;
}

/** Where Gentoo keeps its SPDX table, relative to the gentoo repository. */
const LICENSE_MAPPING = "metadata/license-mapping.conf";

export interface ImageSbomRequest {
  /** The lower root, as a host path. */
  readonly lower: string;
  readonly image: SbomImage;
  /** Image path of the repository of the image's own packages. */
  readonly imageRepositoryLocation: string;
  /** gp.lock, for the build inputs; undefined when there is none. */
  readonly lock: InputLock | undefined;
  readonly gpVersion: string;
  /** Called once for each fact that could not be read; the SBOM is made without it. */
  readonly warn: (message: string) => void;
}

/** The build inputs gp.lock pins for an arch: stage3, Portage snapshot, genpack-overlay. */
export function lockedInputs(lock: InputLock | undefined, arch: Arch): BuildInputFacts[] {
  const inputs: BuildInputFacts[] = [];
  const stage3 = lock?.stage3[arch];
  if (stage3 !== undefined) inputs.push({ input: "stage3", url: stage3.url, size: stage3.size, hashes: [["SHA-512", stage3.sha512]] });
  if (lock?.portage !== undefined) inputs.push({ input: "portage", url: lock.portage.url, size: lock.portage.size, hashes: [["SHA-512", lock.portage.sha512]], ...(lock.portage.snapshot === null ? {} : { version: lock.portage.snapshot }) });
  if (lock?.overlay !== undefined) inputs.push({ input: "genpack-overlay", url: lock.overlay.url, size: lock.overlay.size, hashes: [["SHA-512", lock.overlay.sha512]], ...(lock.overlay.commit === null ? {} : { version: lock.overlay.commit }) });
  return inputs;
}

/**
 * Reads the SBOM's facts from the lower, the way the upper phase chose what the image holds:
 * the runtime closure, each package's files from the copy-up list, the vdb's metadata, the
 * repositories' Manifests and Gentoo's license table.
 *
 * @throws NoMatchError when the closure cannot be computed (the upper phase fails first)
 */
export function imageSbom(request: ImageSbomRequest): SbomDocuments {
  const fs = new RootFs(request.lower);
  const closure = computeRuntimeClosure(fs);
  const copyUp = collectCopyUpList(fs, closure);
  const paths = new Map<string, string[]>();
  for (const path of copyUp.paths) {
    const owner = copyUp.owners.get(path);
    if (owner === undefined) continue;
    const list = paths.get(owner);
    if (list === undefined) paths.set(owner, [path]);
    else list.push(path);
  }
  const repositories = readRepositories(fs);
  const gentoo = repositories.find((repository) => repository.name === "gentoo");
  let licenseMapping: LicenseMapping = new Map();
  if (gentoo !== undefined) {
    const read = readLowerText(fs, `${gentoo.location}/${LICENSE_MAPPING}`);
    if (read.ok) licenseMapping = parseLicenseMapping(read.text);
    else request.warn(`the SBOM names licenses by their Gentoo names only: ${read.reason}.`);
  }
  const sources = { fs, repositories, imageRepositoryLocation: request.imageRepositoryLocation, licenseMapping, warn: request.warn };
  return renderSbom({
    image: request.image,
    gpVersion: request.gpVersion,
    packages: closure.packages.map((pkg) => readPackageFacts(sources, pkg)),
    paths,
    inputs: lockedInputs(request.lock, request.image.arch as Arch),
  });
}
