import type { Arch } from "../../dsl/index.js";
import type { SquashfsCompression } from "../../dsl/compression.js";
import type { Resolution } from "../../genpack/resolution.js";
import type { LogFile } from "../../host/exec.js";
import type { PhaseReport, Reporter } from "../report/reporter.js";
import type { CacheLayout, WorkLayout } from "./work-layout.js";

/** One of the three downloaded inputs, on disk and pinned. */
export interface LocalInput {
  readonly path: string;
  readonly sha512: string;
}

export interface BuildInputs {
  readonly stage3: LocalInput;
  readonly portage: LocalInput;
  readonly overlay: LocalInput;
}

/** Options of `gp build` that change how, not what, except where they say so. */
export interface BuildOptions {
  readonly compression?: SquashfsCompression;
  /** `--jobs` and `--load-average` for emerge, as genpack's `--parallel` does. */
  readonly parallel?: boolean;
  readonly independentBinpkgs?: boolean;
  readonly deepDepclean?: boolean;
  readonly breakCircularDeps?: boolean;
  /** A genpack-overlay checkout bound read-only over the downloaded one. */
  readonly overlayOverride?: string;
  /** Timestamps of the image; defaults to the Portage snapshot's commit time. */
  readonly sourceDateEpoch?: number;
  /** Run the lower pipeline even when nothing changed (`gp lower`). */
  readonly forceLower?: boolean;
  /** `--gentoo-mirror`: emerge fetches distfiles from it first (GENTOO_MIRRORS). */
  readonly gentooMirror?: string;
  /**
   * `--binhost`: binary package hosts emerge fetches from before building, most preferred first.
   * Not an input of the lower: a binary package is used only where its USE flags and keywords
   * match what would be built, so where a package came from does not change the lower.
   */
  readonly binhosts?: readonly string[];
}

/** What is being built: an artifact directory for one arch and variant, as genpack resolves it. */
export interface BuildTarget {
  readonly artifactDir: string;
  readonly arch: Arch;
  readonly variant: string | null;
  readonly resolution: Resolution;
}

export interface BuildContext {
  readonly target: BuildTarget;
  readonly options: BuildOptions;
  readonly layout: WorkLayout;
  readonly cache: CacheLayout;
  readonly reporter: Reporter;
  readonly signal: AbortSignal;
}

/** What a phase works with: the build, its report and its log. */
export interface PhaseContext extends BuildContext {
  readonly report: PhaseReport;
  readonly log: LogFile;
}

/**
 * The lower phase also has the downloaded inputs. Only it reads them, so `gp upper` and
 * `gp pack` run without resolving them: no network, no lockfile check.
 */
export interface LowerContext extends PhaseContext {
  readonly inputs: BuildInputs;
}
