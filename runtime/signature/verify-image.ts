import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { codes } from "../../errors/codes.js";
import { captureOutput, ProgramNotStarted, type CapturedRun } from "../../host/exec.js";
import { inspectInputFile, readInputFile } from "../../host/input-file.js";
import { isInputError } from "../inputs/errors.js";
import { GpgvMissing, OpenPgpVerifier } from "../inputs/openpgp.js";
import { closeImage, openImage } from "./image-file.js";
import { keyFileKindOf, KIND_NAMES, signatureKindOf, type SignatureKind } from "./signature-kind.js";
import { SignatureProblem } from "./signature-problem.js";
import { readSshSignature } from "./ssh-signature.js";
import { readSshSigners } from "./ssh-signers.js";

/** The signature an image must carry: the key file it must come from, and where it is (default: IMAGE.sig). */
export interface SignatureCheck {
  readonly signature?: string;
  readonly signedBy: string;
}

/** A signature that verified. */
export interface GoodImageSignature {
  readonly image: string;
  readonly signature: string;
  readonly signedBy: string;
  readonly kind: SignatureKind;
  /** The signing key's fingerprint: OpenPGP's hex as gpgv prints it, or SSH's `SHA256:…`. */
  readonly fingerprint: string;
}

/** A signature is a few hundred bytes; anything this large is not one. */
const SIGNATURE_LIMIT = 1024 * 1024;
/** A key file may hold many keys, but not more than this. */
const KEY_FILE_LIMIT = 16 * 1024 * 1024;
/** The namespace gp signs images in, as ssh-keygen -Y sign -n file does for files. */
export const SSH_NAMESPACE = "file";

/** Where an image's signature is when none is named: beside it, as IMAGE.sig. */
export function defaultSignaturePath(image: string): string {
  return `${image}.sig`;
}

/** A file gp was given, read whole, with its size checked before it is read. */
function readLimited(path: string, limit: number, unusable: (reason: string) => SignatureProblem): Buffer {
  const inspected = inspectInputFile(path);
  if (!inspected.ok) throw unusable(inspected.reason);
  if (inspected.stats.size > limit) throw unusable(`is ${inspected.stats.size} bytes long, too large to be what it should be`);
  const read = readInputFile(path);
  if (!read.ok) throw unusable(read.reason);
  if (read.data.length > limit) throw unusable(`grew beyond ${limit} bytes while it was read`);
  return read.data;
}

/**
 * Verifies the detached signature of `image` against the key file of `check`, before anything is
 * done with the image; returns who signed it or throws a {@link SignatureProblem} saying what is
 * wrong. The kinds of the signature and of the key file are read from their content and must
 * agree. OpenPGP signatures are checked by gpgv against the key file alone, in a throwaway home;
 * SSH signatures by `ssh-keygen -Y find-principals` and `-Y verify -n file` against an
 * allowed_signers file written from the key file into a private temporary directory (never
 * `check-novalidate`, which accepts any key).
 */
export async function verifyImageSignature(image: string, check: SignatureCheck): Promise<GoodImageSignature> {
  const signaturePath = check.signature ?? defaultSignaturePath(image);
  const opened = openImage(image);
  try {
    const signature = readLimited(signaturePath, SIGNATURE_LIMIT, (reason) =>
      new SignatureProblem(codes.signatureMissing, `The signature ${signaturePath} ${reason}.${check.signature === undefined ? " Give the image's signature with --signature FILE, or sign the image with gp sign." : ""}`),
    );
    const kind = signatureKindOf(signature);
    if (kind === undefined) {
      throw new SignatureProblem(codes.signatureUnreadable, `${signaturePath} is not a signature: it is neither an OpenPGP signature ("-----BEGIN PGP SIGNATURE-----" or a binary signature packet) nor an SSH signature ("-----BEGIN SSH SIGNATURE-----").`);
    }
    const keys = readLimited(check.signedBy, KEY_FILE_LIMIT, (reason) => new SignatureProblem(codes.signerKeyFileUnusable, `The key file ${check.signedBy} ${reason}.`));
    const keyKind = keyFileKindOf(keys);
    if ("problem" in keyKind) throw new SignatureProblem(codes.signerKeyFileUnusable, `The key file ${check.signedBy} ${keyKind.problem}.`);
    if (keyKind.kind !== kind) {
      throw new SignatureProblem(
        codes.signatureKindMismatch,
        `${signaturePath} is an ${KIND_NAMES[kind]} signature, but ${check.signedBy} holds ${KIND_NAMES[keyKind.kind]} keys; give the ${KIND_NAMES[kind]} key the image is signed with.`,
      );
    }
    const work = await mkdtemp(join(tmpdir(), "gp-verify-"));
    try {
      // The signature is checked from a private copy, so that what was read is what is checked.
      const copy = join(work, "image.sig");
      await writeFile(copy, signature, { mode: 0o600 });
      const names = { image, signature: signaturePath, signedBy: check.signedBy };
      const fingerprint = kind === "openpgp" ? await verifyOpenPgp(names, copy, keys) : await verifySsh(names, copy, signature, keys, work, opened.descriptor);
      return { ...names, kind, fingerprint };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  } finally {
    closeImage(opened);
  }
}

interface Names {
  readonly image: string;
  readonly signature: string;
  readonly signedBy: string;
}

function changed(names: Names, kind: SignatureKind, reason?: string): SignatureProblem {
  return new SignatureProblem(
    codes.signatureBad,
    `The ${KIND_NAMES[kind]} signature ${names.signature} does not match ${names.image}: the image, or the signature, was changed after it was signed. Do not use this image.`,
    reason === undefined ? {} : { details: reason },
  );
}

async function verifyOpenPgp(names: Names, signature: string, keys: Buffer): Promise<string> {
  let verifier: OpenPgpVerifier;
  try {
    verifier = await OpenPgpVerifier.fromKeyFileContent(keys, names.signedBy);
  } catch (problem) {
    if (problem instanceof GpgvMissing) throw new SignatureProblem(codes.signatureToolMissing, "OpenPGP signatures are checked with gpgv, which is not installed (Debian and Ubuntu: gpgv; Gentoo: app-crypt/gnupg).");
    if (isInputError(problem)) throw new SignatureProblem(codes.signerKeyFileUnusable, (problem as Error).message, { cause: problem });
    throw problem;
  }
  try {
    const verdict = await verifier.checkDetached(signature, names.image);
    switch (verdict.outcome) {
      case "good":
        return verdict.fingerprint;
      case "bad":
        throw changed(names, "openpgp");
      case "unknown-key":
        throw new SignatureProblem(codes.signedByOtherKey, `${names.signature} was made by the OpenPGP key ${verdict.keyId}, which ${names.signedBy} does not hold: the image is not signed by the key it must be signed by.`);
      case "no-signature":
        throw new SignatureProblem(codes.signatureUnreadable, `${names.signature} starts as an OpenPGP signature but holds none that gpgv can read; it may be cut short or damaged.`);
      case "failed":
        throw new SignatureProblem(codes.signatureUnreadable, `gpgv cannot check ${names.signature}: ${verdict.reason}`);
    }
  } finally {
    await verifier.dispose();
  }
}

/** Runs ssh-keygen for its verdict, with `input` as its standard input. */
async function sshKeygen(args: readonly string[], input?: number): Promise<CapturedRun> {
  try {
    return await captureOutput("ssh-keygen", args, { env: { LC_ALL: "C" }, ...(input === undefined ? {} : { stdin: input }) });
  } catch (problem) {
    if (problem instanceof ProgramNotStarted) throw new SignatureProblem(codes.signatureToolMissing, `SSH signatures are checked with ssh-keygen: ${problem.reason} (Debian and Ubuntu: openssh-client; Gentoo: net-misc/openssh).`);
    throw problem;
  }
}

const lastLine = (text: string): string => text.trim().split("\n").pop() ?? "";

async function verifySsh(names: Names, signature: string, signatureBytes: Buffer, keys: Buffer, work: string, image: number): Promise<string> {
  const header = readSshSignature(signatureBytes.toString("latin1"));
  if ("problem" in header) throw new SignatureProblem(codes.signatureUnreadable, `${names.signature} is not an SSH signature gp can read: ${header.problem}.`);
  if (header.namespace !== SSH_NAMESPACE) {
    throw new SignatureProblem(codes.signatureUnreadable, `${names.signature} is an SSH signature for "${header.namespace}", not for a file: it was made with ssh-keygen -Y sign -n ${header.namespace}, and images are signed with -n ${SSH_NAMESPACE} (gp sign does so).`);
  }
  const read = readSshSigners(keys);
  if ("problem" in read) throw new SignatureProblem(codes.signerKeyFileUnusable, `The key file ${names.signedBy} ${read.problem}.`);
  const allowedSigners = join(work, "allowed_signers");
  await writeFile(allowedSigners, `${read.signers.map((signer) => signer.allowedSigners).join("\n")}\n`, { mode: 0o600 });
  const found = await sshKeygen(["-Y", "find-principals", "-s", signature, "-f", allowedSigners]);
  const principal = found.exitCode === 0 ? found.stdout.split("\n").find((line) => line.trim() !== "")?.trim() : undefined;
  if (principal === undefined) {
    if (/No principal matched/.test(found.stderr)) {
      throw new SignatureProblem(codes.signedByOtherKey, `${names.signature} was made by the SSH key ${header.fingerprint} (${header.keyType}), which ${names.signedBy} does not hold: the image is not signed by a key it must be signed by.`);
    }
    throw new SignatureProblem(codes.signatureUnreadable, `ssh-keygen cannot read ${names.signature}: ${lastLine(found.stderr) || `exit status ${found.exitCode}`}`);
  }
  const verified = await sshKeygen(["-Y", "verify", "-f", allowedSigners, "-I", principal, "-n", SSH_NAMESPACE, "-s", signature], image);
  // The key ssh-keygen found good is the one the signature carries, whose fingerprint is known.
  if (verified.exitCode === 0 && verified.stdout.startsWith("Good ")) return header.fingerprint;
  throw changed(names, "ssh", lastLine(verified.stderr) || undefined);
}
