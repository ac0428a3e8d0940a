import { existsSync } from "node:fs";
import { join } from "node:path";
import type { PortageFilePath } from "../../../genpack/portage-files.js";
import type { BuildInputs, BuildOptions, BuildTarget, LocalInput, LowerContext, PhaseContext } from "../build-context.js";
import { changedInputs, digestTree, digestValue, phaseKey, type PhaseInputs } from "../phase-key.js";
import { readRecord, writeRecord, type PhaseRecord } from "../phase-state.js";
import { setProfile, syncKernelDirectory, syncLocalOverlay, syncPortageDirectories, writePortageFiles } from "./configure.js";
import { reachableBinhosts, setBinhosts } from "./binhost-setup.js";
import { runEmergePipelineWithBinhosts } from "./binhost-fallback.js";
import { shareDistfilesWithLower } from "./lower-container.js";
import { makeFreshRoot, refreshRepositories, rootContentsOf, type RootContents } from "./prepare-root.js";

/** Bumped when the lower procedure changes in a way that must redo existing lowers. */
const LOWER_PROCEDURE = "1";

/** The Portage files by what they mean to the person who wrote the blueprint. */
const PORTAGE_FILE_NAMES: Readonly<Record<PortageFilePath, string>> = {
  "etc/portage/sets/genpack-runtime": "packages",
  "etc/portage/sets/genpack-buildtime": "buildtime packages",
  "etc/portage/package.accept_keywords/genpack": "accepted keywords",
  "etc/portage/package.use/genpack": "USE flags",
  "etc/portage/package.license/genpack": "accepted licenses",
  "etc/portage/package.mask/genpack": "masks",
  "etc/portage/package.env": "package.env",
};

type LowerFacts = {
  /** The inputs the root was made from; absent while it is being made. */
  readonly root?: RootContents;
  /** Made from a stage3 and not yet through a whole pipeline: the circular-dependency breaker runs. */
  readonly fresh: boolean;
  /** The files gp put into /etc/kernel, so it can take back the ones the artifact drops. */
  readonly kernelFiles: readonly string[];
};

/**
 * What the lower's key is made of: the target, the options that change what the lower holds, and
 * the digests of the inputs (their files are not needed, so `gp build keys` computes the key
 * from what gp.lock pins, without downloading anything).
 */
export interface LowerKeyContext {
  readonly target: BuildTarget;
  readonly options: Pick<BuildOptions, "independentBinpkgs" | "overlayOverride">;
  readonly inputs: { readonly [Input in keyof BuildInputs]: Pick<LocalInput, "sha512"> };
}

/**
 * Everything that changes what the lower holds, each reduced to a digest. `--binhost` is not
 * among them: emerge takes a binary package only where its USE flags match (--binpkg-respect-use)
 * and its digests match the index, so a lower holds the same packages wherever they came from,
 * and adding or moving a binhost is no reason to emerge again.
 */
export function lowerInputs(context: LowerKeyContext): PhaseInputs {
  const { resolution } = context.target;
  const artifact = context.target.artifactDir;
  const inputs: Record<string, string> = {
    "gp lower procedure": LOWER_PROCEDURE,
    stage3: context.inputs.stage3.sha512,
    "Portage snapshot": context.inputs.portage.sha512,
    "genpack-overlay": context.inputs.overlay.sha512,
    arch: context.target.arch,
    "Portage profile": resolution.portageProfile,
    "binpkg excludes": digestValue(resolution.binpkgExcludes),
    "buildtime packages first": String(resolution.buildtimePackagesFirst),
    circulardep_breaker: digestValue(resolution.circulardepBreaker),
    "independent binpkgs": String(context.options.independentBinpkgs === true || resolution.independentBinpkgs === true),
    "savedconfig/": digestTree(join(artifact, "savedconfig")),
    "patches/": digestTree(join(artifact, "patches")),
    "kernel/": digestTree(join(artifact, "kernel")),
    "env/": digestTree(join(artifact, "env")),
    "overlay/": digestTree(join(artifact, "overlay")),
  };
  for (const [path, content] of Object.entries(resolution.portageFiles)) inputs[PORTAGE_FILE_NAMES[path as PortageFilePath]] = digestValue(content);
  if (context.options.overlayOverride !== undefined) inputs["overlay override"] = digestTree(context.options.overlayOverride);
  return inputs;
}

export interface LowerOutcome {
  readonly key: string;
  readonly ran: boolean;
  readonly reason: string;
}

function factsOf(record: PhaseRecord | undefined): LowerFacts {
  const facts = record?.facts as Partial<LowerFacts> | undefined;
  return { ...(facts?.root === undefined ? {} : { root: facts.root }), fresh: facts?.fresh === true, kernelFiles: facts?.kernelFiles ?? [] };
}

/**
 * The lower phase. The root is made from the stage3 only when there is none or the stage3
 * changed; a changed snapshot or overlay replaces just that repository. The emerge pipeline runs
 * when the phase key differs from the one recorded by the last finished run, and the reasons
 * are reported. The record is cleared before anything changes and written only at the end.
 */
export async function lowerPhase(context: LowerContext): Promise<LowerOutcome> {
  const path = context.layout.lowerState;
  const record = readRecord(path);
  let facts = factsOf(record);
  const inputs = lowerInputs(context);
  const key = phaseKey(inputs);
  const save = (state: { key: string; inputs: PhaseInputs; facts: LowerFacts }) => writeRecord(path, { ...state, finished: new Date().toISOString() });
  const reasons: string[] = [];

  if (!existsSync(context.layout.lower) || facts.root === undefined || facts.root.stage3 !== context.inputs.stage3.sha512) {
    reasons.push(!existsSync(context.layout.lower) || facts.root === undefined ? "there is no lower yet" : "the stage3 changed");
    save({ key: "", inputs: {}, facts: { fresh: true, kernelFiles: [] } });
    await makeFreshRoot(context);
    facts = { root: rootContentsOf(context), fresh: true, kernelFiles: [] };
    save({ key: "", inputs: {}, facts });
  } else {
    const previous = facts.root;
    const pending: RootContents = { ...previous, portage: previous.portage === context.inputs.portage.sha512 ? previous.portage : "replacing", overlay: previous.overlay === context.inputs.overlay.sha512 ? previous.overlay : "replacing" };
    if (pending.portage !== previous.portage || pending.overlay !== previous.overlay) save({ key: "", inputs: {}, facts: { ...facts, root: pending } });
    const replaced = await refreshRepositories(context, pending);
    if (replaced.length > 0) {
      facts = { ...facts, root: rootContentsOf(context) };
      save({ key: "", inputs: {}, facts });
    }
  }

  if (record?.key === key && reasons.length === 0 && context.options.forceLower !== true) {
    return { key, ran: false, reason: "nothing it depends on changed" };
  }
  if (reasons.length === 0) {
    if (context.options.forceLower === true) reasons.push("it was asked for (gp lower)");
    else if (record === undefined || record.key === "") reasons.push("the last lower run did not finish");
    else reasons.push(`changed: ${changedInputs(record.inputs, inputs).join(", ")}`);
  }
  context.report.info(`running the emerge pipeline: ${reasons.join("; ")}`);
  save({ key: "", inputs: {}, facts });

  context.report.step("configuring Portage");
  shareDistfilesWithLower(context);
  setProfile(context);
  writePortageFiles(context);
  await syncPortageDirectories(context);
  const kernelFiles = await syncKernelDirectory(context, facts.kernelFiles);
  facts = { ...facts, kernelFiles };
  save({ key: "", inputs: {}, facts });
  await syncLocalOverlay(context);
  const binhosts = await reachableBinhosts(context);
  setBinhosts(context.layout.lower, binhosts);
  try {
    await runEmergePipelineWithBinhosts(context, binhosts, facts.fresh);
  } finally {
    setBinhosts(context.layout.lower, []);
  }
  save({ key, inputs, facts: { ...facts, fresh: false } });
  return { key, ran: true, reason: reasons.join("; ") };
}
