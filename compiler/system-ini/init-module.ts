import type { FileSource } from "../../dsl/files.js";
import type { InitModuleWithSettings } from "../../dsl/system-ini.js";
import type { ValuePath } from "../../errors/diagnostics.js";

/**
 * An entry of `initModules`: a module's source as it is, or the source with the settings the
 * module reads. A source is a string or an object with a `kind` (file(), text()); the pair is a
 * plain object of `source` and `settings`.
 */
export function isWithSettings(value: unknown): value is InitModuleWithSettings<unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !("kind" in value) && ("source" in value || "settings" in value);
}

/** The module's source, and where it is written within the entry. */
export function initModuleSource(value: FileSource | InitModuleWithSettings<FileSource> | unknown): { readonly source: unknown; readonly path: ValuePath } {
  return isWithSettings(value) ? { source: value.source, path: ["source"] } : { source: value, path: [] };
}
