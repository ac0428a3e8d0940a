import { sshFingerprint } from "./ssh-signature.js";

/**
 * The SSH keys a signature may come from, read from the file given with `--signed-by`: public key
 * lines as a `.pub` file or authorized_keys-style list holds them (`ssh-ed25519 AAAA… comment`),
 * and allowed_signers entries (`principals [options] ssh-ed25519 AAAA…`, see ssh-keygen(1)),
 * which may be mixed. From them gp writes the allowed_signers file ssh-keygen checks against.
 */
export interface SshSigner {
  /** The line of the key file it is on, from 1. */
  readonly line: number;
  /** The principal ssh-keygen names when it verifies: the entry's own, or one gp gives a bare key. */
  readonly principal: string;
  readonly keyType: string;
  readonly fingerprint: string;
  /** The line as it goes into the allowed_signers file gp writes. */
  readonly allowedSigners: string;
}

/** Public key algorithms OpenSSH signs with (ssh-keygen -Q key). */
const KEY_TYPES: ReadonlySet<string> = new Set([
  "ssh-ed25519",
  "ssh-rsa",
  "ssh-dss",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "sk-ssh-ed25519@openssh.com",
  "sk-ecdsa-sha2-nistp256@openssh.com",
]);

/** The fingerprint of a key written as `TYPE BASE64`, or undefined when the Base64 is not a key of that type. */
function keyFingerprint(keyType: string, base64: string | undefined): string | undefined {
  if (base64 === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  const blob = Buffer.from(base64, "base64");
  if (blob.length < 4) return undefined;
  const length = blob.readUInt32BE(0);
  if (4 + length > blob.length || blob.subarray(4, 4 + length).toString("latin1") !== keyType) return undefined;
  return sshFingerprint(blob);
}

/**
 * The signers a key file names, or what is wrong with it (naming the line). The text must be
 * UTF-8 without NUL bytes or other control characters; comments (`#`) and blank lines are skipped.
 */
export function readSshSigners(bytes: Uint8Array): { readonly signers: readonly SshSigner[] } | { readonly problem: string } {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { problem: "is not UTF-8 text, so it holds no SSH public keys" };
  }
  const signers: SshSigner[] = [];
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index += 1) {
    const line = (lines[index] ?? "").trim();
    const number = index + 1;
    if (line === "" || line.startsWith("#")) continue;
    // Tabs and spaces separate fields; any other control character (a NUL, a carriage return
    // inside the line) is no part of a key line and would change what ssh-keygen reads.
    for (let at = 0; at < line.length; at += 1) {
      const code = line.charCodeAt(at);
      if ((code < 0x20 && code !== 0x09) || code === 0x7f) return { problem: `has a control character on line ${number}` };
    }
    const fields = line.split(/[ \t]+/);
    const typeAt = fields.findIndex((field) => KEY_TYPES.has(field));
    if (typeAt === -1) return { problem: `has no SSH public key on line ${number} (a line is "ssh-ed25519 AAAA… comment" or an allowed_signers entry "principals ssh-ed25519 AAAA…")` };
    const keyType = fields[typeAt] ?? "";
    const base64 = fields[typeAt + 1];
    const fingerprint = keyFingerprint(keyType, base64);
    if (fingerprint === undefined) return { problem: `has a damaged ${keyType} key on line ${number}: what follows the type is not the Base64 of such a key` };
    if (typeAt === 0) {
      const principal = `key-on-line-${number}`;
      signers.push({ line: number, principal, keyType, fingerprint, allowedSigners: `${principal} ${keyType} ${base64}` });
    } else {
      signers.push({ line: number, principal: fields[0] ?? "", keyType, fingerprint, allowedSigners: line });
    }
  }
  if (signers.length === 0 && text.trim() === "") return { problem: "is empty" };
  if (signers.length === 0) return { problem: "holds no SSH public key: every line is blank or a comment" };
  return { signers };
}
