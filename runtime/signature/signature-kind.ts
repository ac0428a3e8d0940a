/**
 * The two kinds of detached signature gp makes and checks, told apart by their content alone,
 * never by a file name: an OpenPGP signature (ASCII-armored, or a binary signature packet) and an
 * SSH signature (`ssh-keygen -Y sign`).
 */
export type SignatureKind = "openpgp" | "ssh";

/** How each kind is called in messages. */
export const KIND_NAMES: { readonly [kind in SignatureKind]: string } = { openpgp: "OpenPGP", ssh: "SSH" };

const PGP_SIGNATURE_ARMOR = "-----BEGIN PGP SIGNATURE-----";
const SSH_SIGNATURE_ARMOR = "-----BEGIN SSH SIGNATURE-----";
const PGP_PUBLIC_KEY_ARMOR = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
const PGP_PRIVATE_KEY_ARMOR = "-----BEGIN PGP PRIVATE KEY BLOCK-----";
const SSH_PRIVATE_KEY_ARMORS = ["-----BEGIN OPENSSH PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN EC PRIVATE KEY-----", "-----BEGIN DSA PRIVATE KEY-----", "-----BEGIN PRIVATE KEY-----"];

/** OpenPGP packet tags (RFC 4880 §4.3) that tell a signature, a public key and a secret key apart. */
const PACKET_TAG = { signature: 2, secretKey: 5, publicKey: 6 } as const;

/**
 * The tag of the OpenPGP packet a binary file starts with, or undefined when its first byte is no
 * packet header (RFC 4880 §4.2: bit 7 set; bit 6 chooses the new format, whose tag is the low six
 * bits, over the old one, whose tag is bits 5 to 2).
 */
export function openPgpPacketTag(bytes: Uint8Array): number | undefined {
  const first = bytes[0];
  if (first === undefined || (first & 0x80) === 0) return undefined;
  return (first & 0x40) !== 0 ? first & 0x3f : (first >> 2) & 0x0f;
}

/** The bytes after leading white space, as Latin-1 text of at most `length` characters. */
function start(bytes: Uint8Array, length: number): string {
  let offset = 0;
  while (offset < bytes.length && (bytes[offset] === 0x20 || bytes[offset] === 0x09 || bytes[offset] === 0x0a || bytes[offset] === 0x0d)) offset += 1;
  return Buffer.from(bytes.subarray(offset, offset + length)).toString("latin1");
}

/** The kind of a signature file's content, or undefined when it is neither. */
export function signatureKindOf(bytes: Uint8Array): SignatureKind | undefined {
  if (openPgpPacketTag(bytes) === PACKET_TAG.signature) return "openpgp";
  const text = start(bytes, 64);
  if (text.startsWith(PGP_SIGNATURE_ARMOR)) return "openpgp";
  if (text.startsWith(SSH_SIGNATURE_ARMOR)) return "ssh";
  return undefined;
}

/**
 * The kind of a key file's content: an OpenPGP public key (armored anywhere in the file, as key
 * servers wrap it in text, or a binary public key packet), or else SSH public keys; or what is
 * wrong with it when it is a private key, which must never be handed around to check signatures.
 * Whether SSH lines really hold keys is for their reader ({@link readSshSigners}) to say.
 */
export function keyFileKindOf(bytes: Uint8Array): { readonly kind: SignatureKind } | { readonly problem: string } {
  const tag = openPgpPacketTag(bytes);
  if (tag === PACKET_TAG.publicKey) return { kind: "openpgp" };
  if (tag === PACKET_TAG.secretKey) return { problem: "is an OpenPGP secret key; give the public key (gpg --export KEYID)" };
  if (tag !== undefined) return { problem: `is a binary OpenPGP file without a public key (its first packet has tag ${tag})` };
  const text = Buffer.from(bytes).toString("latin1");
  if (text.includes(PGP_PUBLIC_KEY_ARMOR)) return { kind: "openpgp" };
  if (text.includes(PGP_PRIVATE_KEY_ARMOR)) return { problem: "is an OpenPGP private key; give the public key (gpg --armor --export KEYID)" };
  if (SSH_PRIVATE_KEY_ARMORS.some((armor) => text.includes(armor))) return { problem: "is an SSH private key; give its public key (the .pub file) or an allowed_signers file" };
  if (text.includes(PGP_SIGNATURE_ARMOR) || text.includes(SSH_SIGNATURE_ARMOR)) return { problem: "is a signature, not a key" };
  return { kind: "ssh" };
}
