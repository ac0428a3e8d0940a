import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { codes } from "../../../errors/codes.js";
import type { Diagnostic } from "../../../errors/diagnostics.js";
import { GpError } from "../../../errors/gp-error.js";
import { quote } from "../../../errors/quote.js";
import { run } from "../../../host/exec.js";
import { acquirePidLock, releasePidLock } from "../../../host/pid-lock.js";
import type { BinhostDestination } from "../../binhost/destination.js";
import { directoryDestination } from "../../binhost/directory-destination.js";
import { publishPackages, type PublishResult } from "../../binhost/publish.js";
import { readS3Location, s3Destination, type S3Location } from "../../binhost/s3-destination.js";
import { containerCommand } from "../../container/nspawn.js";
import { lowerEnvironment, packageDirectory } from "../lower/lower-container.js";
import { openTarget } from "../open-target.js";
import { cacheLayout } from "../work-layout.js";
import { requestedArch, type TargetRequest } from "./target-request.js";

export interface PublishBinhostRequest extends TargetRequest {
  /** A folder, or `s3://BUCKET/PREFIX`. */
  readonly destination: string;
  /** Told of each step and each package's file as it goes up. */
  readonly progress?: (message: string) => void;
  readonly environment?: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
}

export type PublishBinhostResult =
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: true; readonly diagnostics: readonly Diagnostic[]; readonly destination: string; readonly packageDir: string; readonly result: PublishResult };

/** Where a publish goes, read from what the user wrote before anything runs: an S3 location or a folder. */
type DestinationSpec = { readonly kind: "s3"; readonly location: S3Location } | { readonly kind: "folder"; readonly path: string };

function readDestination(text: string, cwd: string): DestinationSpec {
  if (text.startsWith("s3://")) {
    const location = readS3Location(text);
    if ("problem" in location) throw new GpError(codes.binhostDestinationRefused, location.problem);
    return { kind: "s3", location };
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text)) {
    throw new GpError(codes.binhostDestinationRefused, `${quote(text)} is neither a folder nor an s3:// location: gp publishes into a folder that an HTTP server serves, or into an S3 bucket.`, {
      hint: "Publish into the folder your web server serves, or into s3://BUCKET/PREFIX.",
    });
  }
  return { kind: "folder", path: resolve(cwd, text) };
}

function openDestination(spec: DestinationSpec, environment: NodeJS.ProcessEnv, signal: AbortSignal | undefined): BinhostDestination {
  return spec.kind === "s3" ? s3Destination(spec.location, environment, signal) : directoryDestination(spec.path);
}

/**
 * `gp binhost publish`: regenerates the index of the binary packages the target's builds made
 * (the arch's shared package cache, or the lower's own with independent binpkgs) with Portage
 * in the target's lower (`emaint binhost --fix`: entries for files that are gone are dropped,
 * files without an entry are added), then publishes the packages and the index to a folder or
 * a bucket. The work directory's build lock is held, so no build of the target changes the
 * packages meanwhile; other builds that share the cache are kept off the index by Portage's
 * own lock on it.
 */
export async function publishBinhost(request: PublishBinhostRequest): Promise<PublishBinhostResult> {
  const environment = request.environment ?? process.env;
  const spec = readDestination(request.destination, request.cwd);
  const arch = requestedArch(request);
  const opened = await openTarget(request.target, { cwd: request.cwd, arch, ...(request.variant === undefined ? {} : { variant: request.variant }), compile: false, evaluation: request.evaluation });
  if (!opened.ok) return { ok: false, diagnostics: opened.diagnostics };
  const { layout, target } = opened;
  if (!existsSync(layout.lower)) {
    throw new GpError(codes.binhostNotPublishable, `There is no lower at ${layout.lower} yet: nothing was built for ${arch}.`, { hint: `Build the image first: gp build --arch ${arch}.` });
  }
  const lock = acquirePidLock(layout.lock);
  if ("problem" in lock) throw new GpError(codes.buildLocked, `The build's lock ${lock.problem}.`);
  if ("heldBy" in lock) throw new GpError(codes.buildLocked, `Another gp (process ${lock.heldBy}) is building in ${layout.workDir}. Wait for it to finish, then publish.`);
  try {
    const independent = target.resolution.independentBinpkgs === true;
    const packageDir = packageDirectory(layout.lower, cacheLayout(), arch, independent);
    mkdirSync(packageDir, { recursive: true });
    request.progress?.(`regenerating the index of ${packageDir} (emaint binhost --fix)`);
    const { command, args } = containerCommand(
      {
        root: layout.lower,
        binds: independent ? [] : [{ host: packageDir, container: "/var/cache/binpkgs" }],
        env: lowerEnvironment(arch, {}),
        console: "pipe",
      },
      // emaint reports problems on stderr; joined to stdout, they reach the message below.
      ["sh", "-c", "emaint binhost --fix 2>&1"],
    );
    const fixed = await run(command, args, { allowFailure: true, captureOnly: true, ...(request.signal === undefined ? {} : { signal: request.signal }) });
    if (fixed.exitCode !== 0) {
      throw new GpError(codes.binhostNotPublishable, `emaint binhost --fix failed in the lower (exit ${fixed.exitCode}): ${fixed.stdout.trim().split("\n").slice(-5).join(" / ")}`, {
        hint: "Run `gp bash -- emaint binhost --fix` to see its whole output.",
      });
    }
    const destination = openDestination(spec, environment, request.signal);
    try {
      const result = await publishPackages({
        packageDir,
        destination,
        ...(request.signal === undefined ? {} : { signal: request.signal }),
        progress: (path, index, total) => request.progress?.(`uploading ${path} (${index} of ${total})`),
      });
      return { ok: true, diagnostics: opened.diagnostics, destination: destination.description, packageDir, result };
    } finally {
      await destination.close();
    }
  } finally {
    releasePidLock(lock);
  }
}
