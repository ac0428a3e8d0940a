import { hasErrors } from "../../errors/diagnostics.js";
import { readArtifactContents } from "./artifact-contents.js";
import { readArtifact, type ReadResult } from "./read-artifact.js";

/**
 * `gp check` of an artifact directory: its genpack.json5 against genpack's rules and
 * documentation, and its subdirectories by what a blueprint can hold, so that what passes here
 * `gp import` turns into a blueprint that compiles, and what it cannot turn into one fails here.
 */
export function checkArtifactDirectory(path: string): ReadResult {
  const read = readArtifact(path, { check: true });
  if (!read.ok) return read;
  const diagnostics = [...read.diagnostics, ...readArtifactContents(read.artifact).problems];
  return hasErrors(diagnostics) ? { ok: false, diagnostics } : { ok: true, artifact: read.artifact, diagnostics };
}
