import { BRAND_FORMAT, DSL_VERSION, IMAGE_BRAND, PROFILE_BRAND, brandOf, type BrandInfo } from "../dsl/brand.js";
import { callSiteOf } from "../dsl/call-site.js";
import { codes } from "../errors/codes.js";
import { error, warning, type Diagnostic, type Location, type ValuePath } from "../errors/diagnostics.js";
import type { EvaluatedModule } from "./evaluate.js";
import { SourceLocator } from "./source-locator.js";
import { firstFrame, type StackFrame } from "./stack.js";

/**
 * One spec in the merge: a profile, or the image itself (always last). A package made with
 * definePackage() is a layer of its own only as the origin of the files it installs.
 */
export interface Layer {
  readonly kind: "image" | "profile" | "package";
  /** The spec as the module built it; validated before anything reads it. */
  readonly spec: Readonly<Record<string, unknown>>;
  /** Where `defineImage`/`defineProfile` was called, when the engine could tell. */
  readonly site?: StackFrame;
}

/** Finds where a layer's values were written; shared by every stage that reports on layers. */
export class LayerLocator {
  readonly #sources = new SourceLocator();

  constructor(readonly entry: string) {}

  /** The source location of `path` in `layer`, or the blueprint file when the site is unknown. */
  locate(layer: Layer, path: ValuePath, target: "value" | "key" = "value", token?: string): Location {
    if (layer.site === undefined) return { file: this.entry };
    return this.#sources.locate(layer.site, path, target, token);
  }

  /** The location of `path` inside the spec passed to the DSL call at `site`, such as definePackage(). */
  locateAt(site: StackFrame, path: ValuePath, target: "value" | "key" = "value", token?: string): Location {
    return this.#sources.locate(site, path, target, token);
  }

  /** The location of a DSL value's own call, such as `file("./x")`, if it recorded one. */
  locateValue(value: unknown): Location | undefined {
    const site = siteOf(value);
    return site === undefined ? undefined : this.#sources.locateCall(site);
  }
}

/** Where a DSL value was made: the first frame of its call site, which is the DSL's caller. */
export function siteOf(value: unknown): StackFrame | undefined {
  return firstFrame(callSiteOf(value)?.stack);
}

/** The releases whose values this compiler reads: one major version, or one minor below 1.0. */
function compatibleRange(version: string): string {
  const [major = "0", minor = "0"] = version.split(".");
  return major === "0" ? `0.${minor}.x` : `${major}.x`;
}

/**
 * Whether a branded value can be read by this compiler: the same data format, and a genpack-ts
 * release of the same semver range, as npm would pick for a peer dependency.
 */
export function compatible(info: BrandInfo): boolean {
  return info.format === BRAND_FORMAT && typeof info.version === "string" && compatibleRange(info.version) === compatibleRange(DSL_VERSION);
}

export type CollectResult =
  | { readonly ok: true; readonly layers: readonly Layer[]; readonly warnings: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * Images a blueprint exports besides its default export: gp compiles and builds only the
 * default one, so another looks like an image of the project but is never built.
 */
function otherImages(module: EvaluatedModule, image: unknown, locator: LayerLocator): Diagnostic[] {
  return Object.entries(module.exports)
    .filter(([name, value]) => name !== "default" && value !== image && brandOf(value, IMAGE_BRAND) !== undefined)
    .map(([name, value]) =>
      warning(codes.secondImage, `The blueprint also exports the image \`${name}\`, which gp never builds: a blueprint is one image, its default export.`, {
        location: locator.locateValue(value) ?? { file: module.entry },
        hint: "Move it to a blueprint of its own, or make it a profile with defineProfile() if images share it.",
      }),
    );
}

/**
 * The layers of an image, in merge order: every profile it extends, depth first, each profile's
 * own `extends` before the profile itself, left to right; a profile reached twice is applied
 * once, where it is first reached; the image comes last.
 *
 * Example: an image extending [web, db], where both extend base, gives base, web, db, image.
 */
export function collectLayers(module: EvaluatedModule, locator: LayerLocator): CollectResult {
  const diagnostics: Diagnostic[] = [];
  const image = module.exports["default"];
  if (!("default" in module.exports)) {
    return {
      ok: false,
      diagnostics: [
        error(codes.noDefaultExport, "The blueprint has no default export.", {
          location: { file: module.entry, start: { line: 1, column: 1 } },
          hint: "End the blueprint with `export default defineImage({ ... });`.",
        }),
      ],
    };
  }
  const imageBrand = brandOf(image, IMAGE_BRAND);
  if (imageBrand === undefined) {
    const isProfile = brandOf(image, PROFILE_BRAND) !== undefined;
    const site = siteOf(image);
    return {
      ok: false,
      diagnostics: [
        error(codes.notAnImage, isProfile ? "The default export is a profile, not an image." : "The default export is not an image made with defineImage().", {
          location: site === undefined ? { file: module.entry, start: { line: 1, column: 1 } } : { file: site.file, start: site },
          hint: isProfile ? "Profiles are extended by images; compile an image that extends it." : "Export `defineImage({ ... })` from genpack-ts as the default.",
        }),
      ],
    };
  }
  if (!compatible(imageBrand)) {
    return { ok: false, diagnostics: [incompatible("image", imageBrand, { file: module.entry })] };
  }

  const imageLayer: Layer = layerOf("image", image as Record<string, unknown>);
  const layers: Layer[] = [];
  const seen = new Set<unknown>();
  const visiting = new Set<unknown>();

  // Depth first with a stack of its own, each profile's own `extends` before it: a chain of
  // thousands of profiles each extending the next is data, not recursion.
  interface Visit {
    readonly layer: Layer;
    /** The profile this visit is for; none for the image. */
    readonly profile?: unknown;
    readonly parents: readonly unknown[];
    readonly isList: boolean;
    next: number;
  }
  const visitOf = (layer: Layer, profile?: unknown): Visit => {
    const parents = layer.spec["extends"];
    const isList = Array.isArray(parents);
    return { layer, ...(profile === undefined ? {} : { profile }), parents: parents === undefined ? [] : isList ? parents : [parents], isList, next: 0 };
  };
  const stack: Visit[] = [visitOf(imageLayer)];
  while (stack.length > 0) {
    const visit = stack.at(-1) as Visit;
    if (visit.next === visit.parents.length) {
      stack.pop();
      if (visit.profile !== undefined) {
        visiting.delete(visit.profile);
        seen.add(visit.profile);
        layers.push(visit.layer);
      }
      continue;
    }
    const index = visit.next++;
    const parent = visit.parents[index];
    const path: ValuePath = visit.isList ? ["extends", index] : ["extends"];
    const brand = brandOf(parent, PROFILE_BRAND);
    if (brand === undefined) {
      const isImage = brandOf(parent, IMAGE_BRAND) !== undefined;
      diagnostics.push(
        error(codes.notAProfile, isImage ? "`extends` names an image; only profiles can be extended." : "`extends` names something that is not a profile made with defineProfile().", {
          location: locator.locate(visit.layer, path),
        }),
      );
      continue;
    }
    if (!compatible(brand)) {
      diagnostics.push(incompatible("profile", brand, locator.locate(visit.layer, path)));
      continue;
    }
    if (seen.has(parent) || visiting.has(parent)) continue;
    visiting.add(parent);
    stack.push(visitOf(layerOf("profile", parent as Record<string, unknown>), parent));
  }
  layers.push(imageLayer);
  return diagnostics.length > 0 ? { ok: false, diagnostics } : { ok: true, layers, warnings: otherImages(module, image, locator) };
}

function layerOf(kind: Layer["kind"], spec: Record<string, unknown>): Layer {
  const site = siteOf(spec);
  return { kind, spec, ...(site === undefined ? {} : { site }) };
}

export function incompatible(what: string, brand: BrandInfo, location: Location): Diagnostic {
  return error(
    codes.incompatibleDsl,
    `This ${what} was made with genpack-ts ${String(brand.version)}, but this gp is genpack-ts ${DSL_VERSION} and reads only what genpack-ts ${compatibleRange(DSL_VERSION)} makes.`,
    {
      location,
      hint: `Install a release of the ${what} built for genpack-ts ${compatibleRange(DSL_VERSION)}, or the genpack-ts it was built for; \`npm ls genpack-ts\` shows which copies are installed.`,
    },
  );
}
