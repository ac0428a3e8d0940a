import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PhaseContext } from "../../../runtime/build/build-context.js";
import { ConfigurationProblem, syncLocalOverlay } from "../../../runtime/build/lower/configure.js";
import { LogFile } from "../../../host/exec.js";
import { PhaseReport, silentReporter } from "../../../runtime/report/reporter.js";
import { temporaryDirectory } from "../../helpers/temp.js";

/** What syncLocalOverlay reads of a phase: the artifact, the lower root, a log and a report. */
function context(artifactDir: string, lower: string): PhaseContext {
  return {
    target: { artifactDir },
    layout: { lower },
    log: new LogFile(join(temporaryDirectory(), "lower.log")),
    report: new PhaseReport(silentReporter, "lower"),
    signal: new AbortController().signal,
  } as unknown as PhaseContext;
}

describe("the local overlay in the lower", () => {
  it("writes nothing through a link the artifact's overlay ships where gp adds metadata/layout.conf", async () => {
    const host = temporaryDirectory();
    const artifact = temporaryDirectory();
    const lower = temporaryDirectory();
    mkdirSync(join(artifact, "overlay/app-misc/x"), { recursive: true });
    // Copied into the lower as it is, this link points at the host's directory, not the lower's.
    symlinkSync(host, join(artifact, "overlay/metadata"));
    await expect(syncLocalOverlay(context(artifact, lower))).rejects.toThrow(ConfigurationProblem);
    await expect(syncLocalOverlay(context(artifact, lower))).rejects.toThrow("overlay/metadata is a symbolic link");
    expect(readdirSync(host)).toEqual([]);
  });

  it("adds the layout.conf and repo_name an overlay lacks", async () => {
    const artifact = temporaryDirectory();
    const lower = temporaryDirectory();
    mkdirSync(join(artifact, "overlay/app-misc/x"), { recursive: true });
    writeFileSync(join(artifact, "overlay/app-misc/x/Manifest"), "");
    await syncLocalOverlay(context(artifact, lower));
    expect(existsSync(join(lower, "var/db/repos/genpack-local-overlay/metadata/layout.conf"))).toBe(true);
    expect(existsSync(join(lower, "var/db/repos/genpack-local-overlay/profiles/repo_name"))).toBe(true);
  });
});
