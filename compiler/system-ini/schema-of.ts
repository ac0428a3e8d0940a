import type { SystemIniSchema } from "../../genpack/system-ini/schema-document.js";
import type { CompileResult } from "../pipeline.js";

/**
 * The system.ini schema of a compiled blueprint, as `gp compile` writes it into the artifact;
 * undefined when the compile failed. One document serves every target: it holds the keys of
 * every layer and of every package of the image's own it reaches, in any variant or arch block.
 */
export function systemIniSchemaOf(result: CompileResult): SystemIniSchema | undefined {
  return result.ok ? result.systemIniSchema : undefined;
}
