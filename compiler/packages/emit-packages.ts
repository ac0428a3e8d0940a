import { createHash } from "node:crypto";
import type { PackageSpec } from "../../dsl/package.js";
import { codes } from "../../errors/codes.js";
import { error, warning, type Diagnostic, type Location } from "../../errors/diagnostics.js";
import { locationOf, withParents, type Artifact, type ArtifactEntry } from "../emit.js";
import type { LayerLocator } from "../layers.js";
import type { FileRequest } from "../lower.js";
import type { DeclaredPackage } from "./collect-packages.js";
import { digestEntry, renderManifest, type ManifestFile } from "./manifest.js";
import { renderMetadataXml } from "./metadata-xml.js";
import { INIT_MODULES_DIR, packageDirectory } from "./package-paths.js";
import { renderEbuild, type InstallStep } from "./render-ebuild.js";
import { sourceName } from "./validate-package.js";
import { excerpt, quote } from "../../errors/quote.js";

/** The repository name genpack gives the artifact's overlay in repos.conf. */
export const LOCAL_OVERLAY_NAME = "genpack-local-overlay";

const FILE_MODE = 0o644;
const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

/** The largest revision gp gives: nine digits keep file names readable and collisions unlikely. */
const REVISION_RANGE = 999_999_999;

export interface PackagesInput {
  readonly packages: readonly DeclaredPackage[];
  /** KEYWORDS for packages that set none: the image's arches. */
  readonly defaultKeywords: readonly string[];
  readonly artifact: Artifact;
  readonly requests: ReadonlyMap<string, FileRequest>;
  readonly locator: LayerLocator;
}

export type PackagesResult = { readonly ok: true; readonly artifact: Artifact; readonly diagnostics: readonly Diagnostic[] } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * The revision of a generated package: a number taken from a digest of everything generated for
 * it. Any change to the ebuild, metadata.xml or a file gives another revision, so Portage never
 * takes a stale binary package of the same version and revision; the same input always gives the
 * same revision, so an unchanged package is not rebuilt.
 */
export function revisionOf(ebuild: string, metadataXml: string, files: ReadonlyMap<string, ArtifactEntry>): number {
  const hash = createHash("sha256");
  const field = (text: string | Uint8Array) => {
    const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
    hash.update(`${bytes.byteLength}:`);
    hash.update(bytes);
  };
  field(ebuild);
  field(metadataXml);
  for (const [path, entry] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    field(path);
    if (entry.kind === "file") {
      field(`file ${entry.mode.toString(8)}`);
      field(entry.data);
    } else if (entry.kind === "symlink") {
      field(`symlink ${entry.target}`);
    } else {
      field("directory");
    }
  }
  return (Number.parseInt(hash.digest("hex").slice(0, 12), 16) % REVISION_RANGE) + 1;
}

interface Installed {
  readonly declared: DeclaredPackage;
  readonly request: FileRequest;
}

/**
 * Writes the overlay entries of the image's own packages into the emitted artifact: for each,
 * `<category>/<name>/<name>-<version>-r<N>.ebuild`, `files/` with what it installs (kept under
 * its path in the image), metadata.xml and a thick Manifest; then the repository skeleton
 * genpack would otherwise make (`metadata/layout.conf`, `profiles/repo_name`) and the
 * categories the packages add. Entries of a hand-written overlay stay as they are.
 */
export function emitPackages(input: PackagesInput): PackagesResult {
  const entries = new Map(input.artifact);
  const diagnostics: Diagnostic[] = [];
  const byImagePath = new Map<string, Installed>();
  const where = (request: FileRequest): Location => locationOf(request.source, { locator: input.locator });
  const byPackage = entriesByPackageDirectory(entries.keys());

  for (const declared of input.packages) {
    const { spec } = declared;
    const directory = packageDirectory(spec);
    const filesRoot = `${directory}/files`;
    const own = byPackage.get(directory) ?? [];
    const parents = parentsOf(own);

    const foreign = own.find((path) => {
      const request = input.requests.get(path);
      return request !== undefined && request.source.origin.layer.kind !== "package";
    });
    if (foreign !== undefined) {
      const request = input.requests.get(foreign) as FileRequest;
      diagnostics.push(
        error(codes.pathCollision, `The overlay directory of the artifact already holds ${excerpt(declared.atom)}, which definePackage() generates.`, {
          location: locationOf(request.source, { locator: input.locator }),
          related: [{ message: "The package is defined here.", ...(input.locator.locateValue(spec) ?? declared.namedAt) }],
          hint: "Remove one of them: a hand-written ebuild or the definePackage() of the same name.",
        }),
      );
      continue;
    }

    const steps: InstallStep[] = [];
    const aux = new Map<string, ArtifactEntry>();
    for (const path of own) {
      if (!path.startsWith(`${filesRoot}/`)) continue;
      const entry = entries.get(path) as ArtifactEntry;
      const request = input.requests.get(path);
      const imagePath = path.slice(filesRoot.length);
      if (request !== undefined) {
        const earlier = byImagePath.get(imagePath);
        if (earlier !== undefined && entry.kind !== "directory" && earlier.declared !== declared) {
          diagnostics.push(
            error(codes.packageFileCollision, `${excerpt(declared.atom)} and ${excerpt(earlier.declared.atom)} both install ${quote(imagePath)}; Portage refuses the second one.`, {
              location: where(request),
              related: [{ message: `${earlier.declared.atom} installs it here.`, ...where(earlier.request) }],
            }),
          );
        }
        if (entry.kind !== "directory") byImagePath.set(imagePath, { declared, request });
      }
      if (/\s/.test(imagePath)) {
        diagnostics.push(
          error(codes.invalidImagePath, `${excerpt(declared.atom)} would install ${quote(imagePath)}, but a Manifest cannot list a file whose name holds whitespace.`, {
            location: request === undefined ? declared.namedAt : where(request),
          }),
        );
        continue;
      }
      if (entry.kind === "file") {
        steps.push({ kind: "file", imagePath, mode: entry.mode, elf: Buffer.from(entry.data.subarray(0, 4)).equals(ELF_MAGIC) });
        // The ebuild sets the installed mode; in files/ an executable bit would only draw pkgcheck's warning.
        aux.set(path, { kind: "file", data: entry.data, mode: FILE_MODE });
        if (imagePath.startsWith(`${INIT_MODULES_DIR}/`) && !/^\s*def\s+configure\s*\(/m.test(Buffer.from(entry.data).toString("utf8")) && request !== undefined) {
          diagnostics.push(
            warning(codes.initModuleWithoutConfigure, `The genpack-init module ${imagePath.slice(INIT_MODULES_DIR.length + 1)} defines no configure() function, which genpack-init calls at boot.`, {
              location: where(request),
              hint: "Define `def configure():` or `def configure(ini):`.",
            }),
          );
        }
      } else if (entry.kind === "symlink") {
        steps.push({ kind: "symlink", imagePath, target: entry.target });
      } else if (!parents.has(path)) {
        // Portage drops empty directories; keepdir keeps the ones a copied tree holds.
        steps.push({ kind: "directory", imagePath });
      }
    }

    // files/ keeps only regular files: links and empty directories become dosym and keepdir.
    for (const path of own) entries.delete(path);
    const keywords = spec.keywords ?? input.defaultKeywords;
    const template = renderEbuild({ spec, keywords, steps });
    const metadataXml = renderMetadataXml(spec);
    const revision = revisionOf(template, metadataXml, aux);
    const ebuildName = `${spec.name}-${spec.version}-r${revision}.ebuild`;
    const ebuild = Buffer.from(template, "utf8");

    const metadata = Buffer.from(metadataXml, "utf8");
    const manifest: ManifestFile[] = [digestEntry("EBUILD", ebuildName, ebuild), digestEntry("MISC", "metadata.xml", metadata)];
    for (const [path, entry] of aux) {
      if (entry.kind === "file") manifest.push(digestEntry("AUX", path.slice(filesRoot.length + 1), entry.data));
    }
    for (const source of spec.sources ?? []) {
      manifest.push({ type: "DIST", name: sourceName(source), size: source.size, blake2b: source.blake2b, sha512: source.sha512 });
    }

    for (const [path, entry] of aux) entries.set(path, entry);
    entries.set(`${directory}/${ebuildName}`, { kind: "file", data: ebuild, mode: FILE_MODE });
    entries.set(`${directory}/metadata.xml`, { kind: "file", data: metadata, mode: FILE_MODE });
    entries.set(`${directory}/Manifest`, { kind: "file", data: Buffer.from(renderManifest(manifest), "utf8"), mode: FILE_MODE });
  }
  if (diagnostics.some((diagnostic) => diagnostic.severity === "error")) return { ok: false, diagnostics };

  if (input.packages.length > 0) addSkeleton(entries, input.packages.map((declared) => declared.spec));
  withParents(entries);
  const sorted = new Map([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { ok: true, artifact: sorted, diagnostics };
}

/**
 * The paths of the artifact under each `overlay/<category>/<name>`, in their order, gathered
 * once: looking them up for each package by scanning every path would cost the number of
 * packages times the number of files.
 */
function entriesByPackageDirectory(paths: Iterable<string>): Map<string, string[]> {
  const byDirectory = new Map<string, string[]>();
  for (const path of paths) {
    const [root, category, name] = path.split("/", 3);
    if (root !== "overlay" || category === undefined || name === undefined) continue;
    const directory = `overlay/${category}/${name}`;
    const own = byDirectory.get(directory);
    if (own === undefined) byDirectory.set(directory, [path]);
    else own.push(path);
  }
  return byDirectory;
}

/** Every directory that holds one of `paths`. */
function parentsOf(paths: readonly string[]): Set<string> {
  const parents = new Set<string>();
  for (const path of paths) {
    for (let slash = path.lastIndexOf("/"); slash > 0; slash = path.lastIndexOf("/", slash - 1)) {
      const parent = path.slice(0, slash);
      if (parents.has(parent)) break;
      parents.add(parent);
    }
  }
  return parents;
}

/**
 * The repository files genpack creates when they are missing, written here so the overlay is a
 * complete repository on its own (for pkgcheck, or Portage outside genpack). A hand-written
 * overlay's own files win; its categories are kept and the packages' added.
 */
function addSkeleton(entries: Map<string, ArtifactEntry>, specs: readonly PackageSpec[]): void {
  const text = (content: string): ArtifactEntry => ({ kind: "file", data: Buffer.from(content, "utf8"), mode: FILE_MODE });
  if (!entries.has("overlay/metadata/layout.conf")) entries.set("overlay/metadata/layout.conf", text("masters = gentoo\n"));
  if (!entries.has("overlay/profiles/repo_name")) entries.set("overlay/profiles/repo_name", text(`${LOCAL_OVERLAY_NAME}\n`));
  const existing = entries.get("overlay/profiles/categories");
  const listed = existing?.kind === "file" ? Buffer.from(existing.data).toString("utf8").split("\n").map((line) => line.trim()).filter((line) => line !== "") : [];
  const categories = [...new Set([...listed, ...specs.map((spec) => spec.category)])].sort();
  entries.set("overlay/profiles/categories", text(`${categories.join("\n")}\n`));
}
