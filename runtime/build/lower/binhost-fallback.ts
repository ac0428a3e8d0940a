import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { PhaseReport } from "../../report/reporter.js";
import type { PhaseContext } from "../build-context.js";
import { BINHOST_SECTION_PREFIX } from "../../binhost/binrepos-conf.js";
import { FailedBinaries } from "./failed-binaries.js";
import { setBinhosts } from "./binhost-setup.js";
import { runEmergePipeline } from "./emerge-pipeline.js";
import { independentBinpkgs, packageDirectory } from "./lower-container.js";

/** How Portage names a package file whose digests did not match the index: `<file>._checksum_failure_.<random>`. */
const CHECKSUM_FAILURE = "._checksum_failure_.";

/** A phase report that also hands every output line to `see`. */
class WatchedReport extends PhaseReport {
  constructor(
    inner: PhaseReport,
    readonly see: (line: string) => void,
  ) {
    super(inner.reporter, inner.phase);
  }

  override log(line: string): void {
    this.see(line);
    super.log(line);
  }
}

/**
 * The files Portage set aside as checksum failures: in the package directory, and where it
 * fetches a binhost's packages, /var/cache/binhost/<section>/cat/pkg/file.
 */
function checksumFailures(packageDir: string, lower: string): Set<string> {
  const found = new Set<string>();
  const walk = (folder: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory() && depth < 2) walk(join(folder, entry.name), depth + 1);
      else if (entry.isFile() && entry.name.includes(CHECKSUM_FAILURE)) found.add(join(folder, entry.name));
    }
  };
  walk(packageDir, 0);
  const fetched = join(lower, "var/cache/binhost");
  let sections: string[] = [];
  try {
    sections = readdirSync(fetched).filter((name) => name.startsWith(BINHOST_SECTION_PREFIX));
  } catch {
    // Nothing fetched yet.
  }
  for (const section of sections) walk(join(fetched, section), 0);
  return found;
}

/**
 * The emerge pipeline with the binhosts of `--binhost` in place. Portage checks each fetched
 * package's size and digests against the binhost's index and never merges one that fails; it
 * stops that package and, with --keep-going, what needs it, and emerge fails. When the pipeline
 * fails and emerge said a binary package could not be used, the build says which, removes the
 * files Portage set aside, and runs the pipeline again without binhosts: what is missing is
 * built from source. A failure with no binary package to blame is the build's own and stops it.
 */
export async function runEmergePipelineWithBinhosts(context: PhaseContext, binhosts: readonly string[], fresh: boolean): Promise<void> {
  if (binhosts.length === 0) return runEmergePipeline(context, fresh);
  const packageDir = packageDirectory(context.layout.lower, context.cache, context.target.arch, independentBinpkgs(context));
  const before = checksumFailures(packageDir, context.layout.lower);
  const failed = new FailedBinaries(binhosts);
  const watched: PhaseContext = { ...context, report: new WatchedReport(context.report, (line) => failed.see(line)), options: { ...context.options, binhosts } };
  try {
    await runEmergePipeline(watched, fresh);
    return;
  } catch (failure) {
    if (context.signal?.aborted === true) throw failure;
    const setAside = [...checksumFailures(packageDir, context.layout.lower)].filter((file) => !before.has(file));
    if (failed.reasons.length === 0 && setAside.length === 0) throw failure;
    const reasons = failed.reasons;
    context.report.warn(
      `emerge could not use what the binhost served: ${reasons.length > 0 ? reasons.join("; ") : setAside.join(", ")}. Nothing of it was installed; the build goes on without binhosts and builds the rest from source.`,
    );
    for (const file of setAside) rmSync(file, { force: true });
  }
  setBinhosts(context.layout.lower, []);
  await runEmergePipeline({ ...context, options: { ...context.options, binhosts: [] } }, fresh);
}
