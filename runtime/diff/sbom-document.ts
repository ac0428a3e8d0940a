import * as z from "zod";
import type { PackageRecord } from "./image-facts.js";

/**
 * Reading the CycloneDX 1.6 document gp build writes with every image (inside it at
 * /.genpack/sbom.cdx.json, beside it as <image>.cdx.json). The document comes from a file anyone
 * could have edited, so what gp diff reads of it is checked field by field; the rest of CycloneDX
 * passes unread.
 */

/** The SBOM's path inside an image. */
export const SBOM_IMAGE_PATH = "/.genpack/sbom.cdx.json";

/** The SBOM beside an image: `<image-without-.squashfs>.cdx.json`. */
export function sbomBesideImage(image: string): string {
  return `${image.endsWith(".squashfs") ? image.slice(0, -".squashfs".length) : image}.cdx.json`;
}

/**
 * Larger documents are refused before they are read: one occurrence per file of an image with a
 * few hundred thousand files stays well below this.
 */
export const LARGEST_SBOM_BYTES = 64 * 1024 ** 2;

/** The kinds of component that are packages of the image, as the SBOM's `gp:package-kind` says. */
const PACKAGE_KINDS: ReadonlySet<string> = new Set(["closure", "image-package"]);

const property = z.object({ name: z.string(), value: z.string() });
const hash = z.object({ alg: z.string(), content: z.string() });
const component = z.looseObject({
  type: z.string(),
  "bom-ref": z.string().min(1),
  group: z.string().optional(),
  name: z.string(),
  version: z.string().optional(),
  properties: z.array(property).optional(),
  evidence: z.looseObject({ occurrences: z.array(z.looseObject({ location: z.string().startsWith("/") })).optional() }).optional(),
});
const document = z.looseObject({
  bomFormat: z.literal("CycloneDX"),
  specVersion: z.literal("1.6"),
  metadata: z.looseObject({
    component: z.looseObject({
      type: z.literal("operating-system"),
      "bom-ref": z.literal("image"),
      name: z.string().min(1),
      hashes: z.array(hash).optional(),
    }),
  }),
  components: z.array(component).default([]),
});

/** What gp diff takes from an SBOM. */
export interface SbomFacts {
  /** The image's name, genpack.json5's `name`. */
  readonly imageName: string;
  /** The image file's SHA-256 the document records (lower-case hex); only the copy beside an image has it. */
  readonly imageSha256?: string;
  readonly packages: readonly PackageRecord[];
  /** Image path -> index in `packages` of the package whose evidence names it (the first that does). */
  readonly owners: ReadonlyMap<string, number>;
  /** The document without the image's hash, keys sorted: equal for two copies that agree. */
  readonly comparable: string;
}

/** Why bytes are not an SBOM gp can read, as the rest of a sentence after the file's name. */
export class SbomProblem extends Error {}

/** Reads an SBOM's bytes, or throws an SbomProblem saying what is wrong and where in it. */
export function readSbom(bytes: Uint8Array): SbomFacts {
  if (bytes.byteLength > LARGEST_SBOM_BYTES) throw new SbomProblem(`is ${bytes.byteLength} bytes long, more than the ${LARGEST_SBOM_BYTES / 1024 ** 2} MiB an SBOM of gp may have`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new SbomProblem("is not UTF-8 text");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SbomProblem(`is not JSON (${(error as Error).message})`);
  }
  const parsed = document.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue === undefined ? "" : issue.path.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`)).join("");
    throw new SbomProblem(`is not a CycloneDX 1.6 SBOM of a gp image: ${at === "" ? "the document" : at.replace(/^\./, "")}: ${issue?.message ?? "invalid"}`);
  }
  const bom = parsed.data;
  const hashes = bom.metadata.component.hashes ?? [];
  const sha256 = hashes.filter((entry) => entry.alg === "SHA-256");
  if (sha256.length > 1) throw new SbomProblem("gives the image two SHA-256 hashes");
  const imageSha256 = sha256[0]?.content;
  if (imageSha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(imageSha256)) throw new SbomProblem(`gives the image a SHA-256 that is not 64 hexadecimal digits: ${JSON.stringify(imageSha256.slice(0, 80))}`);

  const packages: PackageRecord[] = [];
  const owners = new Map<string, number>();
  const refs = new Set<string>();
  for (const [index, entry] of bom.components.entries()) {
    const where = `components[${index}] (${JSON.stringify(entry["bom-ref"].slice(0, 80))})`;
    if (refs.has(entry["bom-ref"])) throw new SbomProblem(`names the bom-ref of ${where} twice`);
    refs.add(entry["bom-ref"]);
    const properties = new Map<string, string>();
    for (const { name, value } of entry.properties ?? []) {
      if (properties.has(name)) throw new SbomProblem(`gives ${where} the property ${name} twice`);
      properties.set(name, value);
    }
    const kind = properties.get("gp:package-kind");
    if (kind === undefined || !PACKAGE_KINDS.has(kind)) continue;
    const slot = properties.get("gp:slot");
    const use = properties.get("gp:use");
    if (entry.group === undefined || entry.group === "") throw new SbomProblem(`gives the package ${where} no group (category)`);
    if (entry.version === undefined || entry.version === "") throw new SbomProblem(`gives the package ${where} no version`);
    if (slot === undefined) throw new SbomProblem(`gives the package ${where} no gp:slot`);
    if (use === undefined) throw new SbomProblem(`gives the package ${where} no gp:use`);
    const at = packages.length;
    packages.push({ category: entry.group, name: entry.name, version: entry.version, slot, use: [...new Set(use.split(" ").filter((flag) => flag !== ""))].sort() });
    for (const { location } of entry.evidence?.occurrences ?? []) if (!owners.has(location)) owners.set(location, at);
  }
  const { hashes: _hashes, ...image } = bom.metadata.component as Record<string, unknown>;
  let comparable: string;
  try {
    comparable = canonicalJson({ ...(json as Record<string, unknown>), metadata: { ...(json as { metadata: Record<string, unknown> }).metadata, component: image } });
  } catch (error) {
    if (error instanceof RangeError) throw new SbomProblem("nests its values too deep to be compared");
    throw error;
  }
  return { imageName: bom.metadata.component.name, ...(imageSha256 === undefined ? {} : { imageSha256: imageSha256.toLowerCase() }), packages, owners, comparable };
}

/** JSON with every object's keys sorted, so that two equal documents give one text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
