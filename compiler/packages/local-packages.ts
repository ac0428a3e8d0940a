import { hasErrors, type Diagnostic } from "../../errors/diagnostics.js";
import type { Artifact } from "../emit.js";
import type { Layer, LayerLocator } from "../layers.js";
import type { FileRequest } from "../lower.js";
import type { MergedBlock } from "../merge-layers.js";
import { ARCH_FACTS, PORTAGE_ARCHES } from "../../genpack/arch.js";
import { supportedArches } from "../rules/supported-arches.js";
import { IssueSink, type Issue } from "../validate/issues.js";
import { collectPackages, locatePackagePath, type DeclaredPackage } from "./collect-packages.js";
import { emitPackages, type PackagesResult } from "./emit-packages.js";
import { packageFileRequests } from "./package-requests.js";
import { packagesAsAtoms } from "./packages-as-atoms.js";
import { validatePackage } from "./validate-package.js";

/**
 * The image's own packages, made with definePackage(), once collected and checked: what every
 * later stage of the compile reads about them, and nothing else.
 */
export interface LocalPackages {
  /** Every package the image reaches, in the order first reached. */
  readonly packages: readonly DeclaredPackage[];
  /** Their `category/name`s: names a catalog need not know. */
  readonly atoms: ReadonlySet<string>;
  /** The image's layers as genpack sees them, each package in a list standing as its atom: what is merged. */
  readonly layers: readonly Layer[];
  /** What the packages install, read into their `files/` with the image's own files. */
  readonly files: readonly FileRequest[];
}

export type LocalPackagesResult = { readonly ok: true; readonly local: LocalPackages; readonly diagnostics: readonly Diagnostic[] } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

function packageIssueDiagnostic(issue: Issue, declared: DeclaredPackage, locator: LayerLocator): Diagnostic {
  return {
    code: issue.entry.code,
    severity: issue.severity,
    message: issue.message,
    location: locatePackagePath(declared, issue.path, locator, issue.target, issue.token),
    path: issue.path,
    ...(issue.hint === undefined ? {} : { hint: issue.hint }),
  };
}

/**
 * The first half of the packages stage, before the merge: collect every package the layers
 * reach, then check each one, its dependencies judged against the others.
 */
export function localPackages(layers: readonly Layer[], locator: LayerLocator): LocalPackagesResult {
  const { packages, diagnostics: collectProblems } = collectPackages(layers, locator);
  const diagnostics = [...collectProblems];
  const atoms = new Set(packages.map((declared) => declared.atom));
  for (const declared of packages) {
    const sink = new IssueSink();
    validatePackage(declared.spec, sink, { declaredAtoms: atoms });
    for (const issue of sink.issues) diagnostics.push(packageIssueDiagnostic(issue, declared, locator));
  }
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  return { ok: true, local: { packages, atoms, layers: layers.map(packagesAsAtoms), files: packageFileRequests(packages) }, diagnostics };
}

export interface LocalPackagesEmission {
  /** The artifact emitted from the merged image, with the packages' files read. */
  readonly artifact: Artifact;
  readonly requests: ReadonlyMap<string, FileRequest>;
  /** The merged image: its arches are the KEYWORDS of packages that set none. */
  readonly merged: MergedBlock;
  readonly locator: LayerLocator;
}

/** The second half, once the artifact is emitted: each package's ebuild, metadata and Manifest in its overlay. */
export function emitLocalPackages(local: LocalPackages, emission: LocalPackagesEmission): PackagesResult {
  const defaultKeywords = supportedArches(emission.merged)
    .arches.map((arch) => ARCH_FACTS[arch].portage)
    .sort((a, b) => PORTAGE_ARCHES.indexOf(a) - PORTAGE_ARCHES.indexOf(b));
  return emitPackages({ packages: local.packages, defaultKeywords, artifact: emission.artifact, requests: emission.requests, locator: emission.locator });
}
