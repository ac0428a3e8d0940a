import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MalformedInputError, SignatureError } from "./errors.js";
import { captureOutput, ProgramNotStarted } from "../../host/exec.js";
import { readInputFile } from "../../host/input-file.js";

const SIGNED_MESSAGE = "-----BEGIN PGP SIGNED MESSAGE-----";
const SIGNATURE = "-----BEGIN PGP SIGNATURE-----";

/** The text of a file that may be OpenPGP clear-signed (RFC 4880 §7). */
export interface ClearSignedText {
  /** The file has the clear-signed framing. Nothing here says the signature is good. */
  readonly signed: boolean;
  /**
   * The signed text, without the armor header and with dash-escaping undone, lines joined by
   * `\n`; or the whole file when it is not signed.
   */
  readonly body: string;
}

/**
 * Reads the text of a clear-signed file without checking the signature: the lines between the
 * blank line that ends the armor header and `-----BEGIN PGP SIGNATURE-----`. A file without
 * the framing is taken whole, as Gentoo's pointers may be served unsigned by some mirrors.
 * `source` names the file in error messages.
 */
export function readClearSigned(text: string, source: string): ClearSignedText {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => line.trimEnd() === SIGNED_MESSAGE);
  if (start === -1) return { signed: false, body: text };
  let index = start + 1;
  // Armor headers ("Hash: SHA512") run to the first blank line.
  while (index < lines.length && (lines[index] ?? "").trim() !== "") index += 1;
  const body: string[] = [];
  for (index += 1; index < lines.length; index += 1) {
    const line = lines[index] ?? "";
    if (line.trimEnd() === SIGNATURE) return { signed: true, body: body.join("\n") };
    body.push(line.startsWith("- ") ? line.slice(2) : line);
  }
  throw new MalformedInputError(`${source} starts a clear-signed message but has no "${SIGNATURE}" line; the file is cut short.`, source);
}

/**
 * The binary OpenPGP packets of a key file: ASCII-armored blocks are decoded (and their CRC-24
 * checked), binary keyrings returned as they are. gpgv reads only binary keyrings; decoding
 * here means gpg itself is not needed to verify.
 */
export function dearmorKeys(content: Uint8Array, source: string): Buffer {
  const bytes = Buffer.from(content);
  const first = bytes.find((byte) => byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09);
  if (first !== undefined && (first & 0x80) !== 0) return bytes;
  const lines = bytes.toString("latin1").split(/\r?\n/);
  const packets: Buffer[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    if (!/^-----BEGIN PGP PUBLIC KEY BLOCK-----\s*$/.test(lines[index] ?? "")) continue;
    const end = "-----END PGP PUBLIC KEY BLOCK-----";
    index += 1;
    while (index < lines.length && /^[A-Za-z-]+: /.test(lines[index] ?? "")) index += 1;
    const base64: string[] = [];
    let checksum: string | undefined;
    for (; index < lines.length && (lines[index] ?? "").trim() !== end; index += 1) {
      const line = (lines[index] ?? "").trim();
      if (line.startsWith("=")) checksum = line.slice(1);
      else if (line !== "") base64.push(line);
    }
    if (index >= lines.length) throw new SignatureError(`The OpenPGP key file ${source} has a key block without its "${end}" line.`);
    const decoded = Buffer.from(base64.join(""), "base64");
    if (checksum !== undefined && Buffer.from(checksum, "base64").readUIntBE(0, 3) !== crc24(decoded)) {
      throw new SignatureError(`The OpenPGP key file ${source} is damaged: a key block fails its checksum. Download the key again.`);
    }
    packets.push(decoded);
  }
  if (packets.length === 0) {
    throw new SignatureError(`${source} is not an OpenPGP public key: it has no "-----BEGIN PGP PUBLIC KEY BLOCK-----" and is not a binary keyring.`);
  }
  return Buffer.concat(packets);
}

function crc24(data: Uint8Array): number {
  let crc = 0xb704ce;
  for (const byte of data) {
    crc ^= byte << 16;
    for (let bit = 0; bit < 8; bit += 1) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

/**
 * What gpgv made of a signature: good (by the key with this fingerprint), bad (by a known key, but
 * not over these bytes), by a key the key file does not hold, no signature at all, or a failure
 * gpgv explains in its own words.
 */
export type OpenPgpVerdict =
  | { readonly outcome: "good"; readonly fingerprint: string }
  | { readonly outcome: "bad" }
  | { readonly outcome: "unknown-key"; readonly keyId: string }
  | { readonly outcome: "no-signature" }
  | { readonly outcome: "failed"; readonly reason: string };

/** gpgv is not installed, so no OpenPGP signature can be checked. */
export class GpgvMissing extends SignatureError {}

/** A good signature. */
export interface GoodSignature {
  /** Fingerprint of the signing key (or subkey), upper-case hex as gpgv prints it. */
  readonly fingerprint: string;
}

/**
 * Checks OpenPGP signatures with `gpgv` against one trusted key file, in a private temporary
 * home so the user's own GnuPG keyrings and trust settings play no part. Call
 * {@link OpenPgpVerifier.dispose} when done.
 */
export class OpenPgpVerifier {
  private runs = 0;

  private constructor(
    /** The key file every signature must come from. */
    readonly keyFile: string,
    private readonly home: string,
    private readonly keyring: string,
    private readonly gpgv: string,
  ) {}

  /**
   * Prepares a verifier for `keyFile` (ASCII-armored or binary). Fails with a
   * {@link SignatureError} when gpgv is missing or the key file cannot be read.
   */
  static async create(keyFile: string, options: { readonly gpgv?: string } = {}): Promise<OpenPgpVerifier> {
    const read = readInputFile(keyFile);
    if (!read.ok) throw new SignatureError(`The OpenPGP key file ${keyFile} ${read.reason}. Check the path given as the key.`);
    return await OpenPgpVerifier.fromKeyFileContent(read.data, keyFile, options);
  }

  /**
   * Prepares a verifier for the key file `keyFile` whose content was read already: a
   * {@link SignatureError} when the content holds no key, or a {@link GpgvMissing} when gpgv is
   * not installed.
   */
  static async fromKeyFileContent(content: Uint8Array, keyFile: string, options: { readonly gpgv?: string } = {}): Promise<OpenPgpVerifier> {
    const gpgv = options.gpgv ?? "gpgv";
    const keys = dearmorKeys(content, keyFile);
    const probe = await run(gpgv, ["--version"]);
    if (probe.missing) {
      throw new GpgvMissing(
        `Signatures cannot be checked: ${gpgv} is not installed. Install GnuPG (the gpgv program; Debian and Ubuntu: gpgv, ` +
          "Gentoo: app-crypt/gnupg), or leave out the OpenPGP key to build without signature checks.",
      );
    }
    const home = await mkdtemp(join(tmpdir(), "gp-gpgv-"));
    const keyring = join(home, "trusted.gpg");
    await writeFile(keyring, keys, { mode: 0o600 });
    return new OpenPgpVerifier(keyFile, home, keyring, gpgv);
  }

  /**
   * Verifies a clear-signed file and returns the text the signature covers, taken from gpgv's
   * output so that unsigned text around the signed part can never slip in. An unsigned file is
   * refused: with a key configured, every pointer and digest list must be signed.
   */
  async verifyClearSigned(file: string, source: string): Promise<GoodSignature & { readonly body: string }> {
    const text = await readFile(file, "utf8");
    if (!readClearSigned(text, source).signed) {
      throw new SignatureError(
        `${source} is not OpenPGP-signed, but a key is configured (${this.keyFile}), so unsigned files are refused. ` +
          "Use a mirror that serves the signed file, or leave out the key to build without signature checks.",
        source,
      );
    }
    const output = join(this.home, `verified-${(this.runs += 1)}.txt`);
    try {
      const signature = await this.gpgvVerify(["--output", output, file], source);
      const body = readClearSigned(await readFile(output, "utf8"), source).body;
      return { ...signature, body };
    } finally {
      await rm(output, { force: true });
    }
  }

  /** Verifies a detached signature (such as a Portage snapshot's `.gpgsig`) over `dataFile`. */
  async verifyDetached(signatureFile: string, dataFile: string, source: string): Promise<GoodSignature> {
    return await this.gpgvVerify([signatureFile, dataFile], source);
  }

  /**
   * What gpgv says of a detached signature over `dataFile`, for a caller that words each outcome
   * itself: never an exception for a signature that fails.
   */
  async checkDetached(signatureFile: string, dataFile: string): Promise<OpenPgpVerdict> {
    return await this.gpgvCheck([signatureFile, dataFile]);
  }

  async dispose(): Promise<void> {
    await rm(this.home, { recursive: true, force: true });
  }

  /** Runs gpgv and reads its status lines: VALIDSIG with exit status 0 and no BADSIG is the only good outcome. */
  private async gpgvCheck(files: readonly string[]): Promise<OpenPgpVerdict> {
    const result = await run(this.gpgv, ["--homedir", this.home, "--keyring", this.keyring, "--status-fd", "1", ...files]);
    const status = result.stdout.split("\n").filter((line) => line.startsWith("[GNUPG:] "));
    const find = (keyword: string): string[] | undefined =>
      status.map((line) => line.slice(9).split(" ")).find((fields) => fields[0] === keyword);
    const valid = find("VALIDSIG");
    if (find("BADSIG") !== undefined) return { outcome: "bad" };
    if (result.code === 0 && valid !== undefined) return { outcome: "good", fingerprint: valid[1] ?? "" };
    const missingKey = find("NO_PUBKEY") ?? find("ERRSIG");
    if (missingKey !== undefined) return { outcome: "unknown-key", keyId: missingKey[1] ?? "(unknown)" };
    if (find("NODATA") !== undefined) return { outcome: "no-signature" };
    return { outcome: "failed", reason: result.stderr.trim().split("\n").pop() ?? `exit code ${result.code}` };
  }

  private async gpgvVerify(files: readonly string[], source: string): Promise<GoodSignature> {
    const verdict = await this.gpgvCheck(files);
    if (verdict.outcome === "good") return { fingerprint: verdict.fingerprint };
    if (verdict.outcome === "bad") {
      throw new SignatureError(
        `The OpenPGP signature of ${source} does not match its content: the file was changed after it was signed. ` +
          "Do not use it; try again later or use another mirror.",
        source,
      );
    }
    if (verdict.outcome === "unknown-key") {
      throw new SignatureError(
        `${source} is signed with key ${verdict.keyId}, which is not in ${this.keyFile}. ` +
          "Configure the key that signs these files (for Gentoo: /usr/share/openpgp-keys/gentoo-release.asc " +
          "from app-crypt/openpgp-keys-gentoo-release).",
        source,
      );
    }
    if (verdict.outcome === "no-signature") {
      throw new SignatureError(`${source} holds no OpenPGP signature that gpgv can read, so it cannot be verified.`, source);
    }
    throw new SignatureError(`gpgv could not verify ${source}: ${verdict.reason}`, source);
  }
}

interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly missing: boolean;
}

async function run(command: string, args: readonly string[]): Promise<RunResult> {
  try {
    const result = await captureOutput(command, args, { env: { LC_ALL: "C" } });
    return { code: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr, missing: false };
  } catch (problem) {
    if (!(problem instanceof ProgramNotStarted)) throw problem;
    return { code: -1, stdout: "", stderr: problem.reason, missing: problem.errno === "ENOENT" };
  }
}
