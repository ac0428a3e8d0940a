import { basename } from "node:path";
import { PORTAGE_PROFILE_ARCHES, type Arch, type PortageProfile } from "../../dsl/index.js";
import { codes } from "../../errors/codes.js";
import { error, hasErrors, type Diagnostic } from "../../errors/diagnostics.js";
import type { PlainValue } from "../../genpack/json5/syntax.js";
import type { EvaluateOptions } from "../evaluate.js";
import { compile, type CompileResult } from "../pipeline.js";
import type { Semantics } from "../../genpack/merge.js";
import { fromDocument, fromSyntax } from "../../genpack/python.js";
import { isArtifactPath, readArtifact } from "./read-artifact.js";
import { groupaddCommands, useraddCommands } from "../../genpack/accounts.js";
import { breaksNothing } from "../../genpack/circulardep-breaker.js";
import { resolve, type GenpackResolution } from "../../genpack/resolve.js";
import { supportedArches, type SupportedArches } from "../rules/supported-arches.js";
import { quote } from "../../errors/quote.js";

export interface ResolveTargetOptions {
  readonly arch: Arch;
  /** A variant; `undefined` takes the default variant; `null` builds none. */
  readonly variant?: string | null;
  readonly semantics: Semantics;
  readonly cwd?: string;
  /** How a blueprint target is run. */
  readonly evaluation?: EvaluateOptions;
}

export type ResolveTargetResult =
  | { readonly ok: true; readonly resolution: GenpackResolution; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** The genpack.json5 of a target, as genpack would read it: an artifact's own, or a blueprint's compiled one. */
interface GenpackJson {
  readonly json: PlainValue;
  readonly file: string;
  readonly directoryName: string;
  readonly diagnostics: Diagnostic[];
  /** For a blueprint, the arches it exists for and why. */
  readonly supported?: SupportedArches;
}

type GenpackJsonResult = GenpackJson | { readonly diagnostics: Diagnostic[] };

/** An artifact directory's genpack.json5, read from its file. */
function artifactJson(target: string, semantics: Semantics): GenpackJsonResult {
  const read = readArtifact(target, { check: semantics === "docs" });
  if (!read.ok) return { diagnostics: [...read.diagnostics] };
  return { json: fromSyntax(read.artifact.document.root), file: read.artifact.file, directoryName: basename(read.artifact.directory), diagnostics: [...read.diagnostics] };
}

/** A compiled blueprint's genpack.json5, from the document it was printed from: no text in between. */
function compiledJson(compiled: CompileResult): GenpackJsonResult {
  if (!compiled.ok || compiled.document === undefined) return { diagnostics: [...compiled.diagnostics] };
  const supported = compiled.merged === undefined ? undefined : supportedArches(compiled.merged);
  return { json: fromDocument(compiled.document), file: compiled.entry, directoryName: compiled.name ?? "", diagnostics: [...compiled.diagnostics], ...(supported === undefined ? {} : { supported }) };
}

/**
 * Whether the image exists for the target arch: a blueprint's own arches (from its layers and
 * profile), and for anything, whether genpack-overlay has the resolved Portage profile for it.
 * Only with gp's semantics: genpack itself would go on until `eselect profile set` fails.
 */
function archProblems(read: GenpackJson, resolution: GenpackResolution, arch: Arch): Diagnostic[] {
  if (read.supported !== undefined && !read.supported.arches.includes(arch)) {
    const limits = read.supported.limits.filter((limit) => !limit.arches.includes(arch));
    return [
      error(codes.archNotSupported, `The image does not exist for ${arch}: ${limits.map((limit) => limit.why).join("; ")}.`, {
        location: { file: read.file },
        hint: `It exists for ${read.supported.arches.join(", ") || "no arch"}.`,
      }),
    ];
  }
  const profile = (resolution.profile ?? "") as PortageProfile | "";
  const arches = PORTAGE_PROFILE_ARCHES[profile] as readonly string[] | undefined;
  if (arches !== undefined && arches.includes(arch)) return [];
  const what = profile === "" ? "its bare arch profile" : `the Portage profile ${quote(String(profile))}`;
  return [
    error(codes.archNotSupported, `genpack-overlay has no ${resolution.portageProfile.replace("genpack-overlay:", "")}, so genpack cannot build this for ${arch}: ${what} exists for ${arches === undefined || arches.length === 0 ? "no arch" : arches.join(", ")} only.`, {
      location: { file: read.file },
    }),
  ];
}

/**
 * Resolves an artifact directory or a blueprint for one arch and variant: what each build phase
 * of genpack takes from it. A blueprint is compiled in memory first, so its result is what
 * genpack would do with the artifact `gp compile` writes.
 */
export async function resolveTarget(target: string, options: ResolveTargetOptions): Promise<ResolveTargetResult> {
  if (isArtifactPath(target)) return resolveArtifact(target, options);
  const compiled = await compile(target, { cwd: options.cwd ?? process.cwd(), typecheck: false, ...(options.evaluation === undefined ? {} : { evaluation: options.evaluation }) });
  return resolveCompiled(compiled, options);
}

/** Resolves an artifact directory (or its genpack.json5) as genpack reads it from the file. */
export function resolveArtifact(target: string, options: ResolveTargetOptions): ResolveTargetResult {
  return resolveJson(artifactJson(target, options.semantics), options);
}

/**
 * Resolves a compiled blueprint from what compile() returned: the same resolution as writing
 * its artifact and resolving that, without printing genpack.json5 and reading it back.
 */
export function resolveCompiled(compiled: CompileResult, options: ResolveTargetOptions): ResolveTargetResult {
  return resolveJson(compiledJson(compiled), options);
}

function resolveJson(read: GenpackJsonResult, options: ResolveTargetOptions): ResolveTargetResult {
  if (!("json" in read) || hasErrors(read.diagnostics)) return { ok: false, diagnostics: read.diagnostics };
  const resolved = resolve(read.json, { arch: options.arch, variant: options.variant, semantics: options.semantics, directoryName: read.directoryName });
  if (!resolved.ok) {
    const stopping = error(codes.genpackStops, `genpack stops here with ${resolved.error.toString()}`, { location: { file: read.file } });
    return { ok: false, diagnostics: [...read.diagnostics, stopping] };
  }
  const problems = options.semantics === "docs" ? archProblems(read, resolved.resolution, options.arch) : [];
  if (problems.length > 0) return { ok: false, diagnostics: [...read.diagnostics, ...problems] };
  return { ok: true, resolution: resolved.resolution, diagnostics: read.diagnostics };
}

/** Plain JSON of a resolved value: dicts as objects, in their order. */
export function toJson(value: PlainValue): unknown {
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, entry]) => [key, toJson(entry)]));
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === "object" && value !== null) return (value as Number).valueOf();
  return value;
}

/** The `--json` form of a resolution: what genpack derives for the target, exactly these keys. */
export function resolutionToJson(resolution: GenpackResolution): Record<string, unknown> {
  return {
    variant: resolution.variant,
    portageProfile: resolution.portageProfile,
    portageFiles: { ...resolution.portageFiles },
    binpkgExcludes: toJson([...resolution.binpkgExcludes]),
    buildtimePackagesFirst: resolution.buildtimePackagesFirst,
    users: toJson([...resolution.users]),
    groups: toJson([...resolution.groups]),
    services: toJson([...resolution.services]),
    setupCommands: [...resolution.setupCommands],
    outfile: resolution.outfile,
    compression: toJson(resolution.compression),
    lowerLayerCapacity: toJson(resolution.lowerLayerCapacity),
    independentBinpkgs: toJson(resolution.independentBinpkgs),
    circulardepBreaker:
      resolution.circulardepBreaker === null ? null : { packages: toJson([...resolution.circulardepBreaker.packages]), use: toJson(resolution.circulardepBreaker.use) },
  };
}

/**
 * A resolution in the form that decides the build: users and groups as the commands genpack
 * runs for them, so two spellings of one account compare equal, and no circular dependency
 * breaker where it names no packages.
 */
export function effectiveResolution(resolution: GenpackResolution): Record<string, unknown> {
  const breaker = resolution.circulardepBreaker;
  return {
    ...resolutionToJson(resolution),
    users: useraddCommands(resolution.users),
    groups: groupaddCommands(resolution.groups),
    // A breaker without packages is never run, so it decides nothing.
    circulardepBreaker: breaker === null || breaksNothing(breaker.packages) ? null : resolutionToJson(resolution)["circulardepBreaker"],
  };
}
