import type { Arch } from "../../dsl/index.js";
import { resolve, type GenpackResolution } from "../../genpack/resolve.js";
import type { Semantics } from "../../genpack/merge.js";
import { fromSyntax } from "../../genpack/python.js";
import { parseJson5 } from "../../genpack/json5/parse.js";

/** Parses genpack.json5 text as genpack's loader does. */
export function load(text: string) {
  const parsed = parseJson5(text);
  if (!parsed.ok) throw new Error(`${parsed.message} at ${parsed.position.line}:${parsed.position.column}`);
  return fromSyntax(parsed.document.root);
}

/** Resolves genpack.json5 text for one target; throws when genpack would stop. */
export function resolveText(text: string, options: { arch?: Arch; variant?: string | null; semantics?: Semantics } = {}): GenpackResolution {
  const result = resolve(load(text), { arch: options.arch ?? "x86_64", variant: options.variant, semantics: options.semantics ?? "docs", directoryName: "artifact" });
  if (!result.ok) throw result.error;
  return result.resolution;
}

/** The error genpack stops with, as Python prints it. */
export function stopsWith(text: string, options: { arch?: Arch; variant?: string | null; semantics?: Semantics } = {}): string {
  const result = resolve(load(text), { arch: options.arch ?? "x86_64", variant: options.variant, semantics: options.semantics ?? "genpack", directoryName: "artifact" });
  if (result.ok) throw new Error("expected genpack to stop");
  return result.error.toString();
}

/** The set file of runtime packages, as lines. */
export function runtimeSet(resolution: GenpackResolution): string[] {
  const text = resolution.portageFiles["etc/portage/sets/genpack-runtime"];
  return text === "" ? [] : text.split("\n");
}
