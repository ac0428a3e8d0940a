import { lstatSync } from "node:fs";
import { codes } from "../../errors/codes.js";
import { captureOutput, ProgramNotStarted, type CapturedRun } from "../../host/exec.js";
import { describeKind, inspectInputFile } from "../../host/input-file.js";
import { writeFileAtomic } from "../inputs/atomic-write.js";
import { closeImage, openImage } from "./image-file.js";
import { KIND_NAMES, signatureKindOf, type SignatureKind } from "./signature-kind.js";
import { SignatureProblem } from "./signature-problem.js";
import { readSshSignature } from "./ssh-signature.js";
import { defaultSignaturePath, SSH_NAMESPACE } from "./verify-image.js";

/** The key an image is signed with: an OpenPGP key of gpg's keyring, or an SSH key file. */
export type SigningKey =
  | { readonly kind: "openpgp"; readonly keyId: string; readonly homedir?: string }
  /** The private key, or its `.pub` when an agent holds the private key. */
  | { readonly kind: "ssh"; readonly keyFile: string };

export interface SignImageRequest {
  readonly image: string;
  readonly key: SigningKey;
  /** Replace a signature that is there already. */
  readonly force: boolean;
}

export interface SignedImage {
  readonly image: string;
  /** The signature written: IMAGE.sig. */
  readonly signature: string;
  readonly kind: SignatureKind;
  /** The signing key's fingerprint, as `gp verify` reports it. */
  readonly fingerprint: string;
}

/** Runs gpg or ssh-keygen for the signature it prints, with `stdin` as its standard input. */
async function signer(command: string, args: readonly string[], stdin: number | "inherit", package_: string): Promise<CapturedRun> {
  try {
    return await captureOutput(command, args, { env: { LC_ALL: "C" }, stdin });
  } catch (problem) {
    if (problem instanceof ProgramNotStarted) throw new SignatureProblem(codes.signatureToolMissing, `Signing needs ${command}: ${problem.reason} (Debian and Ubuntu: ${package_}).`);
    throw problem;
  }
}

/** The tool's last words, for a failure, without gpg's status lines. */
const toolWords = (stderr: string): string | undefined => {
  const lines = stderr.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("[GNUPG:] "));
  return lines.length === 0 ? undefined : lines.slice(-6).join("\n");
};

async function signOpenPgp(key: Extract<SigningKey, { kind: "openpgp" }>, image: string): Promise<{ bytes: string; fingerprint: string }> {
  // gpg reads the image by its name, checked to be a regular file, and keeps gp's standard input:
  // gpg-agent's pinentry finds the terminal to ask for a passphrase there.
  const result = await signer("gpg", [...(key.homedir === undefined ? [] : ["--homedir", key.homedir]), "--armor", "--detach-sign", "--local-user", key.keyId, "--status-fd", "2", "--output", "-", "--", image], "inherit", "gnupg");
  const created = result.stderr.split("\n").find((line) => line.startsWith("[GNUPG:] SIG_CREATED "));
  if (result.exitCode !== 0 || created === undefined) {
    const noKey = /\[GNUPG:\] INV_SGNR /.test(result.stderr);
    const words = toolWords(result.stderr);
    throw new SignatureProblem(
      codes.signingFailed,
      noKey
        ? `gpg has no secret key ${key.keyId} to sign ${image} with${key.homedir === undefined ? "" : ` in ${key.homedir}`}; gpg --list-secret-keys lists the ones it has.`
        : `gpg could not sign ${image} with the key ${key.keyId}.`,
      words === undefined ? {} : { details: words },
    );
  }
  // SIG_CREATED <type> <pk algo> <hash algo> <class> <timestamp> <fingerprint>
  return { bytes: result.stdout, fingerprint: created.trim().split(" ").at(-1) ?? "" };
}

async function signSsh(key: Extract<SigningKey, { kind: "ssh" }>, image: string, descriptor: number): Promise<{ bytes: string; fingerprint: string }> {
  const inspected = inspectInputFile(key.keyFile);
  if (!inspected.ok) throw new SignatureProblem(codes.signingFailed, `The SSH key ${key.keyFile} ${inspected.reason}.`);
  // ssh-keygen signs its standard input to its standard output, and asks for a passphrase on /dev/tty.
  const result = await signer("ssh-keygen", ["-Y", "sign", "-n", SSH_NAMESPACE, "-f", key.keyFile], descriptor, "openssh-client");
  const header = readSshSignature(result.stdout);
  if (result.exitCode !== 0 || "problem" in header) {
    const words = toolWords(result.stderr);
    throw new SignatureProblem(codes.signingFailed, `ssh-keygen could not sign ${image} with ${key.keyFile}${key.keyFile.endsWith(".pub") ? " (a .pub file signs only through an agent that holds its private key: ssh-add -l)" : ""}.`, words === undefined ? {} : { details: words });
  }
  return { bytes: result.stdout, fingerprint: header.fingerprint };
}

/**
 * Signs an image with a detached signature, IMAGE.sig: with gpg (`--detach-sign`, armored) or
 * with `ssh-keygen -Y sign -n file`. The image is checked first (a regular file, not a cut
 * SquashFS), and so is IMAGE.sig: an existing signature is replaced only with `force`, and a
 * link, FIFO or directory there is never written through or replaced. The signature is written
 * aside and moved in when complete.
 */
export async function signImage(request: SignImageRequest): Promise<SignedImage> {
  const output = defaultSignaturePath(request.image);
  const opened = openImage(request.image);
  try {
    const existing = (() => {
      try {
        return lstatSync(output);
      } catch {
        return undefined;
      }
    })();
    if (existing !== undefined && !existing.isFile()) {
      throw new SignatureProblem(codes.signatureFileExists, `${output} is ${describeKind(existing)}; gp writes signatures only as regular files, never through a link. Remove it and sign again.`);
    }
    if (existing !== undefined && !request.force) throw new SignatureProblem(codes.signatureFileExists, `${output} exists already; give --force to replace it.`);
    const made = request.key.kind === "openpgp" ? await signOpenPgp(request.key, request.image) : await signSsh(request.key, request.image, opened.descriptor);
    const kind = signatureKindOf(Buffer.from(made.bytes));
    if (kind !== request.key.kind) throw new SignatureProblem(codes.signingFailed, `${request.key.kind === "openpgp" ? "gpg" : "ssh-keygen"} printed no ${KIND_NAMES[request.key.kind]} signature for ${request.image}.`);
    try {
      await writeFileAtomic(output, made.bytes, { replace: request.force });
    } catch (problem) {
      if ((problem as NodeJS.ErrnoException).code === "EEXIST") throw new SignatureProblem(codes.signatureFileExists, `${output} appeared while the image was being signed; give --force to replace it.`);
      throw problem;
    }
    return { image: request.image, signature: output, kind, fingerprint: made.fingerprint };
  } finally {
    closeImage(opened);
  }
}
