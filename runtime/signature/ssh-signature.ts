import { createHash } from "node:crypto";

/**
 * What an SSH signature (PROTOCOL.sshsig in OpenSSH) says of itself before it is checked: the
 * public key that made it and the namespace it was made for. Read here so that a file that is no
 * signature, and a signature by a key the key file does not hold, are told apart from a
 * signature that does not match the image.
 */
export interface SshSignatureHeader {
  /** The signing key's type, such as `ssh-ed25519`. */
  readonly keyType: string;
  /** The signing key as OpenSSH prints it: `SHA256:` and the unpadded Base64 of its blob's SHA-256. */
  readonly fingerprint: string;
  /** What the signature was made for; gp signs and checks images as `file`. */
  readonly namespace: string;
}

const BEGIN = "-----BEGIN SSH SIGNATURE-----";
const END = "-----END SSH SIGNATURE-----";
const MAGIC = "SSHSIG";

/** The fingerprint OpenSSH shows for a public key blob (`ssh-keygen -l`). */
export function sshFingerprint(keyBlob: Uint8Array): string {
  return `SHA256:${createHash("sha256").update(keyBlob).digest("base64").replace(/=+$/, "")}`;
}

/** Reads the length-prefixed strings of an SSH wire-format blob, one after another. */
class WireReader {
  private offset = 0;

  constructor(private readonly bytes: Buffer) {}

  take(length: number): Buffer | undefined {
    if (this.offset + length > this.bytes.length) return undefined;
    const part = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return part;
  }

  uint32(): number | undefined {
    const part = this.take(4);
    return part === undefined ? undefined : part.readUInt32BE(0);
  }

  string(): Buffer | undefined {
    const length = this.uint32();
    return length === undefined ? undefined : this.take(length);
  }
}

/** The header of an armored SSH signature, or what is wrong with the file as one. */
export function readSshSignature(text: string): SshSignatureHeader | { readonly problem: string } {
  const lines = text.split("\n").map((line) => line.trim());
  const first = lines.findIndex((line) => line !== "");
  if (lines[first] !== BEGIN) return { problem: `it does not start with "${BEGIN}"` };
  const base64: string[] = [];
  let ended = false;
  for (const line of lines.slice(first + 1)) {
    if (line === END) {
      ended = true;
      break;
    }
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(line)) return { problem: "its armored body holds characters that are not Base64" };
    base64.push(line);
  }
  if (!ended) return { problem: `it has no "${END}" line: the file is cut short` };
  const reader = new WireReader(Buffer.from(base64.join(""), "base64"));
  if (reader.take(MAGIC.length)?.toString("latin1") !== MAGIC) return { problem: `its body does not start with ${MAGIC}` };
  const version = reader.uint32();
  if (version !== 1) return { problem: version === undefined ? "its body is cut short" : `it is of version ${version}, which OpenSSH does not make` };
  const key = reader.string();
  const namespace = reader.string();
  const reserved = reader.string();
  const hash = reader.string();
  const signature = reader.string();
  if (key === undefined || namespace === undefined || reserved === undefined || hash === undefined || signature === undefined) return { problem: "its body is cut short" };
  const keyType = new WireReader(key).string();
  if (keyType === undefined || keyType.length === 0) return { problem: "the public key in it cannot be read" };
  return { keyType: keyType.toString("latin1"), fingerprint: sshFingerprint(key), namespace: namespace.toString("utf8") };
}
