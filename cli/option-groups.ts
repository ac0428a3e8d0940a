import { UsageError } from "clipanion";
// Not from the compiler's index: every command reads its options at start, and the index would
// load the whole compiler with them.
import type { CheckerUsed, EvaluateOptions } from "../compiler/index.js";
import { DEFAULT_LIMITS, SQUASHFS_COMPRESSIONS, type SquashfsCompression } from "../compiler/early.js";
import { ARCHES, type Arch } from "../dsl/index.js";
import type { InputRequest } from "../runtime/build/index.js";
import type { SignatureCheck } from "../runtime/signature/index.js";
import { readBinhostUrl } from "../runtime/binhost/index.js";
import { Option } from "./options.js";

/**
 * The options several commands share, in groups: each group is a function that returns fresh
 * clipanion option declarations, which a command spreads among its own (see BaseCommand), and a
 * function that reads the values the command line gave them. A value that is none throws an
 * OptionProblem, which the command reports as a usage error with exit status 1.
 */

/** A problem with the command line itself, reported like clipanion's usage errors. */
export class OptionProblem extends UsageError {}

/** What the commands on a blueprint or an artifact do without one, for their help. */
export const WITHOUT_TARGET = "Without a blueprint or directory, the current directory is used when it is a genpack artifact (it has genpack.json5 or genpack.json), else the one blueprint (*.image.ts) in it.";

/**
 * How a command that may run a blueprint runs it: blueprints run in a sandbox with a time and a
 * memory limit, which these options raise or lower.
 */
export function evaluationOptions() {
  return {
    evalTimeout: Option.String("--eval-timeout", {
      description: `Seconds a blueprint may take to run, with what it starts (default: ${DEFAULT_LIMITS.timeoutMs / 1000})`,
    }),
    evalMemory: Option.String("--eval-memory", {
      description: `Memory a blueprint may use: MiB, or a size such as 512M or 2G (default: ${DEFAULT_LIMITS.heapMiB}M)`,
    }),
  };
}

/** How blueprints run, from the evaluation options. */
export async function readEvaluation(values: { readonly evalTimeout: string | undefined; readonly evalMemory: string | undefined }): Promise<EvaluateOptions> {
  const limits: { timeoutMs?: number; heapMiB?: number } = {};
  if (values.evalTimeout !== undefined) {
    const seconds = Number(values.evalTimeout);
    if (values.evalTimeout.trim() === "" || !Number.isFinite(seconds) || seconds <= 0) {
      throw new OptionProblem(`--eval-timeout ${JSON.stringify(values.evalTimeout)} is not a number of seconds above zero.`);
    }
    limits.timeoutMs = Math.round(seconds * 1000);
  }
  if (values.evalMemory !== undefined) {
    // Read with the VM's --memory rule, loaded only when the option is given.
    const { parseMemory } = await import("../runtime/vm/index.js");
    const memory = parseMemory(values.evalMemory);
    if ("problem" in memory) throw new OptionProblem(`--eval-memory: ${memory.problem}.`);
    // V8 cannot start with less; a blueprint gets at least this much.
    if (memory.value < 16) throw new OptionProblem(`--eval-memory ${values.evalMemory} is too little; give at least 16 MiB.`);
    limits.heapMiB = memory.value;
  }
  return { limits };
}

/**
 * The target of a command on a blueprint or an artifact directory; without one, the artifact in
 * the current directory, or else its one blueprint (WITHOUT_TARGET).
 */
export function targetOption() {
  return Option.String({ name: "blueprint|dir", required: false });
}

/**
 * One arch and variant of a target. Options may come before or after the subcommand
 * (`gp --arch aarch64 build .` and `gp build . --arch aarch64` are the same).
 */
export function selectionOptions() {
  return {
    arch: Option.String("--arch", { description: `Target arch: ${ARCHES.join(", ")} (default: this machine's)` }),
    variant: Option.String("--variant", { description: "Variant to build (default: default_variant)" }),
    noVariant: Option.Boolean("--no-variant", false, { description: "Build without a variant, even when there is a default one" }),
  };
}

/**
 * The arch and variant asked for, checked. `arch` is undefined when none was given (the build
 * picks this machine's); `variant` is null for none, undefined for the default one.
 */
export function readSelection(values: { readonly arch: string | undefined; readonly variant: string | undefined; readonly noVariant: boolean }): { arch: Arch | undefined; variant: string | null | undefined } {
  if (values.arch !== undefined && !(ARCHES as readonly string[]).includes(values.arch)) throw new OptionProblem(`--arch ${values.arch} is not an arch genpack builds for; use ${ARCHES.join(", ")}.`);
  if (values.noVariant && values.variant !== undefined) throw new OptionProblem("--variant and --no-variant exclude each other.");
  return { arch: values.arch as Arch | undefined, variant: values.noVariant ? null : values.variant };
}

/** Where the downloaded inputs come from and how they are pinned. */
export function inputOptions() {
  return {
    offline: Option.Boolean("--offline", false, { description: "Use only the download cache; never touch the network" }),
    lockPath: Option.String("--lock", { description: "The lock file (default: gp.lock beside the blueprint, or in the artifact directory)" }),
    stage3: Option.String("--stage3", { description: "Stage3: a latest-stage3 .txt URL, a tarball URL or a local tarball" }),
    portage: Option.String("--portage", { description: "Portage snapshot: a URL or a local tarball" }),
    genpackOverlay: Option.String("--genpack-overlay", { description: "genpack-overlay: a tarball URL or a local tarball" }),
    gentooMirror: Option.String("--gentoo-mirror", { description: "Gentoo mirror for the stage3 and the snapshot, and the first place emerge fetches distfiles from (GENTOO_MIRRORS; default: https://distfiles.gentoo.org/, and Portage's own setting for distfiles)" }),
    githubApi: Option.String("--github-api", { description: "GitHub API base for resolving genpack-overlay's commit (default: https://api.github.com/)" }),
    githubArchive: Option.String("--github-archive", { description: "Base of GitHub's archive downloads (default: https://github.com/)" }),
    openpgpKey: Option.String("--openpgp-key", { description: "OpenPGP key file: require good signatures on the stage3 and snapshot" }),
  };
}

type InputValues = { readonly [Key in keyof ReturnType<typeof inputOptions>]: ReturnType<typeof inputOptions>[Key] };

/**
 * `--gentoo-mirror`, checked: an http or https URL, which both gp's downloads and Portage's
 * GENTOO_MIRRORS (a space-separated list) take as one mirror.
 */
export function readGentooMirror(values: Pick<InputValues, "gentooMirror">): string | undefined {
  if (values.gentooMirror === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(values.gentooMirror);
  } catch {
    throw new OptionProblem(`--gentoo-mirror ${values.gentooMirror} is not a URL; give one such as https://distfiles.gentoo.org/.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new OptionProblem(`--gentoo-mirror ${values.gentooMirror} is not an http or https URL.`);
  return url.href;
}

/** The inputs asked for; `update` resolves every input anew instead of keeping what gp.lock pins. */
export function readInputs(values: InputValues, update = false): InputRequest {
  const overrides = {
    ...(values.stage3 === undefined ? {} : { stage3: values.stage3 }),
    ...(values.portage === undefined ? {} : { portage: values.portage }),
    ...(values.genpackOverlay === undefined ? {} : { overlay: values.genpackOverlay }),
  };
  const overlaySource = {
    ...(values.githubApi === undefined ? {} : { apiBase: values.githubApi }),
    ...(values.githubArchive === undefined ? {} : { archiveBase: values.githubArchive }),
    ...(process.env["GITHUB_TOKEN"] === undefined ? {} : { token: process.env["GITHUB_TOKEN"] }),
  };
  return {
    overrides,
    sources: { ...(values.gentooMirror === undefined ? {} : { gentooMirror: values.gentooMirror }), overlay: overlaySource },
    offline: values.offline,
    update,
    ...(values.lockPath === undefined ? {} : { lockPath: values.lockPath }),
    ...(values.openpgpKey === undefined ? {} : { openpgpKey: values.openpgpKey }),
  };
}

/** How the build phases run. */
export function buildOptions() {
  return {
    compression: Option.String("--compression", { description: `SquashFS compression: ${SQUASHFS_COMPRESSIONS.join(", ")} (default: genpack.json5's, else gzip)` }),
    parallel: Option.Boolean("--parallel", false, { description: "Let emerge build several packages at once (--jobs, --load-average)" }),
    independentBinpkgs: Option.Boolean("--independent-binpkgs", false, { description: "Keep binary packages in this build's lower instead of the shared cache" }),
    deepDepclean: Option.Boolean("--deep-depclean", false, { description: "Depclean with --with-bdeps=n right away" }),
    breakCircularDeps: Option.Boolean("--break-circular-deps", false, { description: "Run the circular-dependency breaker even on an existing lower" }),
    overlayOverride: Option.String("--overlay-override", { description: "A genpack-overlay checkout to use instead of the downloaded one" }),
    binhosts: Option.Array("--binhost", { description: "A binary package host (its Packages index at URL/Packages) emerge fetches from before building; repeat for more, the first preferred. One that does not answer is warned about and builds go on from source" }),
  };
}

/** `--binhost`, each checked, in the order given, without repeats. */
export function readBinhosts(values: { readonly binhosts: readonly string[] | undefined }): string[] | undefined {
  if (values.binhosts === undefined) return undefined;
  const urls: string[] = [];
  for (const text of values.binhosts) {
    const read = readBinhostUrl(text);
    if ("problem" in read) throw new OptionProblem(read.problem);
    if (!urls.includes(read.url)) urls.push(read.url);
  }
  return urls;
}

/** `--compression`, checked. */
export function readCompression(values: { readonly compression: string | undefined }): SquashfsCompression | undefined {
  if (values.compression === undefined) return undefined;
  if (!(SQUASHFS_COMPRESSIONS as readonly string[]).includes(values.compression)) throw new OptionProblem(`--compression ${values.compression} is not offered; use ${SQUASHFS_COMPRESSIONS.join(", ")}.`);
  return values.compression as SquashfsCompression;
}

/**
 * The signature an image must carry before a command uses it (gp verify, gp install, gp install
 * --self-update, gp vm run): with --signed-by, the image's detached signature is checked before
 * anything is written or started, and a bad one refuses.
 */
export function signatureOptions() {
  return {
    signedBy: Option.String("--signed-by", { description: "Require the image to be signed by a key of this file: an OpenPGP public key, or SSH public keys or an allowed_signers file" }),
    signature: Option.String("--signature", { description: "With --signed-by: the image's detached signature, OpenPGP or SSH (default: IMAGE.sig beside the image)" }),
  };
}

/** The signature check asked for, or undefined for none; --signature alone is refused, as it would check nothing. */
export function readSignatureCheck(values: { readonly signedBy: string | undefined; readonly signature: string | undefined }): SignatureCheck | undefined {
  if (values.signedBy === undefined) {
    if (values.signature !== undefined) throw new OptionProblem("--signature needs --signed-by KEYFILE: the key file the signature must come from.");
    return undefined;
  }
  return { signedBy: values.signedBy, ...(values.signature === undefined ? {} : { signature: values.signature }) };
}

/** How a command that type-checks blueprints says which checker ran. */
export function checkerOptions() {
  return {
    verbose: Option.Boolean("--verbose", false, { description: "Say which type-checker ran (TypeScript's native compiler, or TypeScript 6 and why)" }),
  };
}

/** The checker that ran, in words: `type-checked with TypeScript 7.0.2 (native)`, and why not where it was not. */
export function describeChecker(checker: CheckerUsed): string {
  if (checker.name === "typescript-native") {
    return `type-checked with TypeScript ${checker.version} (native)${checker.wordedBy === undefined ? "" : `; its findings worded by TypeScript ${checker.wordedBy}`}`;
  }
  return `type-checked with TypeScript ${checker.version}${checker.reason === undefined ? "" : ` (${checker.reason})`}`;
}
