import { describe, expect, it } from "vitest";
import { keyFileKindOf, openPgpPacketTag, signatureKindOf } from "../../../runtime/signature/signature-kind.js";

describe("the kind of a signature or key file, read from its content", () => {
  it("reads OpenPGP packet tags in the old and the new header format", () => {
    expect(openPgpPacketTag(Uint8Array.of(0x88))).toBe(2); // old format, tag 2, one-byte length
    expect(openPgpPacketTag(Uint8Array.of(0xc2))).toBe(2); // new format, tag 2
    expect(openPgpPacketTag(Uint8Array.of(0x99))).toBe(6); // old format public key, two-byte length
    expect(openPgpPacketTag(Uint8Array.of(0xc6))).toBe(6);
    expect(openPgpPacketTag(Uint8Array.of(0x95))).toBe(5);
    expect(openPgpPacketTag(Uint8Array.of(0x2d))).toBeUndefined();
    expect(openPgpPacketTag(new Uint8Array())).toBeUndefined();
  });

  it("tells armored and binary OpenPGP signatures and SSH signatures apart, and nothing else is one", () => {
    expect(signatureKindOf(Buffer.from("\n-----BEGIN PGP SIGNATURE-----\n\nAAAA\n"))).toBe("openpgp");
    expect(signatureKindOf(Uint8Array.of(0x88, 0x75, 0x04))).toBe("openpgp");
    expect(signatureKindOf(Buffer.from("-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n"))).toBe("ssh");
    expect(signatureKindOf(Uint8Array.of(0x99, 0x00))).toBeUndefined();
    expect(signatureKindOf(Buffer.from("-----BEGIN PGP PUBLIC KEY BLOCK-----\n"))).toBeUndefined();
    expect(signatureKindOf(Buffer.from("hello"))).toBeUndefined();
  });

  it("takes OpenPGP public keys, armored anywhere in the file or binary, and refuses private keys and signatures as key files", () => {
    expect(keyFileKindOf(Buffer.from("Key of the release team:\n-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxjMEZ\n-----END PGP PUBLIC KEY BLOCK-----\n"))).toEqual({ kind: "openpgp" });
    expect(keyFileKindOf(Uint8Array.of(0x98, 0x33, 0x04))).toEqual({ kind: "openpgp" });
    expect(keyFileKindOf(Buffer.from("ssh-ed25519 AAAAC3Nza me@host\n"))).toEqual({ kind: "ssh" });
    expect(keyFileKindOf(Uint8Array.of(0x95, 0x00))).toMatchObject({ problem: expect.stringMatching(/OpenPGP secret key/) });
    expect(keyFileKindOf(Buffer.from("-----BEGIN PGP PRIVATE KEY BLOCK-----\n"))).toMatchObject({ problem: expect.stringMatching(/OpenPGP private key/) });
    expect(keyFileKindOf(Buffer.from("-----BEGIN OPENSSH PRIVATE KEY-----\n"))).toMatchObject({ problem: expect.stringMatching(/SSH private key/) });
    expect(keyFileKindOf(Buffer.from("-----BEGIN SSH SIGNATURE-----\n"))).toMatchObject({ problem: "is a signature, not a key" });
  });
});
