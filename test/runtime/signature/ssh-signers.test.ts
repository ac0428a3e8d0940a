import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readSshSigners } from "../../../runtime/signature/ssh-signers.js";

/** A well-formed ssh-ed25519 public key blob (type string and a 32-byte key), as Base64. */
function ed25519Key(seed: number): string {
  const type = Buffer.from("ssh-ed25519");
  const key = createHash("sha256").update(String(seed)).digest();
  const length = (n: number) => Buffer.from([0, 0, 0, n]);
  return Buffer.concat([length(type.length), type, length(key.length), key]).toString("base64");
}

describe("reading the SSH keys a signature may come from", () => {
  it("gives each bare public key a principal of its own and keeps allowed_signers entries as they are", () => {
    const read = readSshSigners(Buffer.from(`# keys\n\nssh-ed25519 ${ed25519Key(1)} alice@example.org\nrelease@example.org,ci@example.org namespaces="file" ssh-ed25519 ${ed25519Key(2)}\n`));
    expect(read).toMatchObject({
      signers: [
        { line: 3, principal: "key-on-line-3", keyType: "ssh-ed25519", allowedSigners: `key-on-line-3 ssh-ed25519 ${ed25519Key(1)}` },
        { line: 4, principal: "release@example.org,ci@example.org", allowedSigners: `release@example.org,ci@example.org namespaces="file" ssh-ed25519 ${ed25519Key(2)}` },
      ],
    });
    const blob = Buffer.from(ed25519Key(1), "base64");
    expect("signers" in read && read.signers[0]?.fingerprint).toBe(`SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`);
  });

  it("refuses a key whose Base64 is not a key of the type it follows", () => {
    expect(readSshSigners(Buffer.from(`ssh-rsa ${ed25519Key(1)}\n`))).toEqual({ problem: expect.stringMatching(/damaged ssh-rsa key on line 1/) });
    expect(readSshSigners(Buffer.from("ssh-ed25519 !!!\n"))).toEqual({ problem: expect.stringMatching(/damaged ssh-ed25519 key on line 1/) });
  });

  it("reads a 100,000-line key file in linear time", () => {
    const lines = Array.from({ length: 100_000 }, (_, index) => `ssh-ed25519 ${ed25519Key(index % 50)} user${index}`).join("\n");
    const started = performance.now();
    const read = readSshSigners(Buffer.from(lines));
    expect("signers" in read && read.signers.length).toBe(100_000);
    expect(performance.now() - started).toBeLessThan(10_000);
    const hostile = `${"a ".repeat(200_000)}\n`;
    const startedHostile = performance.now();
    expect(readSshSigners(Buffer.from(hostile))).toEqual({ problem: expect.stringMatching(/no SSH public key on line 1/) });
    expect(performance.now() - startedHostile).toBeLessThan(2000);
  });
});
