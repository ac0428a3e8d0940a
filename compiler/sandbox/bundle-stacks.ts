import { readFileSync } from "node:fs";
import { SourceMap, type SourceMapPayload } from "node:module";
import { resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { rewriteFrames, type StackFrame } from "../stack.js";
import type { LiveResource, Misconduct, PlainExports, ThrownValue } from "./messages.js";
import type { SandboxOutcome } from "./run-blueprint.js";

/** How esbuild ends a file whose source map it put inline. */
const INLINE_MAP = "\n//# sourceMappingURL=data:application/json;base64,";

/**
 * Maps the frames of a stack trace that point into a blueprint's bundle (its file and the
 * chunks it shares with other blueprints, in one of `outdirs`: the folder as gp named it and its
 * real path, which Node's module loader reports) to the blueprint's own files, through the
 * source map esbuild put inline in each. Node could do it in the sandbox
 * (`--enable-source-maps`), but there every stack the DSL records is formatted through
 * JavaScript, about 20 ms a blueprint, twice the rest of its run; here only the stacks gp reads
 * are mapped, each map decoded once. A frame with no mapping stays as it is.
 */
export function bundleStackMapper(outdirs: readonly string[]): (stack: string) => string {
  const insides = outdirs.map((outdir) => (outdir.endsWith(sep) ? outdir : `${outdir}${sep}`));
  const maps = new Map<string, SourceMap | undefined>();
  const mapOf = (file: string): SourceMap | undefined => {
    if (!maps.has(file)) maps.set(file, readInlineMap(file));
    return maps.get(file);
  };
  const rewrite = (frame: StackFrame): StackFrame | undefined => {
    // A blueprint can write any stack it likes (`error.stack = "at x (<bundle>/../../dev/zero:1:1)"`):
    // only a file that is inside the bundle folder once `..` is resolved is read, and that folder
    // holds only what gp wrote (the sandbox writes nothing).
    const bundleFile = resolve(frame.file);
    if (!insides.some((inside) => bundleFile.startsWith(inside))) return undefined;
    const entry = mapOf(bundleFile)?.findEntry(frame.line - 1, frame.column - 1);
    if (entry === undefined || !("originalSource" in entry) || typeof entry.originalSource !== "string") return undefined;
    let file: string;
    try {
      // Sources are URLs relative to the bundle file, as in any source map.
      file = fileURLToPath(new URL(entry.originalSource, pathToFileURL(bundleFile)));
    } catch {
      return undefined;
    }
    return { file, line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  };
  return (stack) => rewriteFrames(stack, rewrite);
}

/** The source map at the end of a file gp's bundler wrote, if it has one. */
function readInlineMap(file: string): SourceMap | undefined {
  try {
    const text = readFileSync(file, "utf8");
    const at = text.lastIndexOf(INLINE_MAP);
    if (at === -1) return undefined;
    const payload = JSON.parse(Buffer.from(text.slice(at + INLINE_MAP.length).trim(), "base64").toString("utf8")) as SourceMapPayload;
    return new SourceMap(payload);
  } catch {
    return undefined;
  }
}

function mapThrown(thrown: ThrownValue, map: (stack: string) => string): ThrownValue {
  return thrown.kind === "error" && thrown.stack !== undefined ? { ...thrown, stack: map(thrown.stack) } : thrown;
}

function mapResource(resource: LiveResource, map: (stack: string) => string): LiveResource {
  return resource.stack === undefined ? resource : { ...resource, stack: map(resource.stack) };
}

function mapMisconduct(act: Misconduct, map: (stack: string) => string): Misconduct {
  switch (act.kind) {
    case "uncaught":
    case "unhandled-rejection":
      return { ...act, thrown: mapThrown(act.thrown, map) };
    case "exit":
      return act.stack === undefined ? act : { ...act, stack: map(act.stack) };
    case "left-running":
      return { ...act, resources: act.resources.map((resource) => mapResource(resource, map)) };
  }
}

function mapExports(exports: PlainExports, map: (stack: string) => string): PlainExports {
  return { ...exports, marks: exports.marks.map(([at, mark]) => [at, mark.callSite === undefined ? mark : { ...mark, callSite: map(mark.callSite) }] as const) };
}

/** A sandbox's outcome with every stack trace in it (call sites, thrown errors, misconduct) mapped by `map`. */
export function mapOutcomeStacks(outcome: SandboxOutcome, map: (stack: string) => string): SandboxOutcome {
  switch (outcome.kind) {
    case "evaluated":
      return { ...outcome, exports: mapExports(outcome.exports, map), misconduct: outcome.misconduct.map((act) => mapMisconduct(act, map)) };
    case "threw":
      return { ...outcome, thrown: mapThrown(outcome.thrown, map), misconduct: outcome.misconduct.map((act) => mapMisconduct(act, map)) };
    case "stalled":
    case "ended":
      return { ...outcome, misconduct: outcome.misconduct.map((act) => mapMisconduct(act, map)) };
    default:
      return outcome;
  }
}
