import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, lstatSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { codes, type CodeEntry } from "../../../errors/codes.js";
import { hasStackTrace, jsonLines, runGp, type GpRun } from "../../helpers/gp.js";
import { makeSigningKeys, signingToolsMissing, type SigningKeys } from "../../helpers/signing-keys.js";
import { skipFor } from "../../helpers/skip.js";
import { makeSystemImage } from "../../helpers/system-image.js";
import { suiteDirectory, temporaryDirectory } from "../../helpers/temp.js";

/**
 * gp sign and gp verify with the real gpg, gpgv and ssh-keygen, on a SquashFS made with
 * mksquashfs: each kind of signature is accepted from its key and refused, with the code that
 * says why, for every way it can be wrong.
 */
const missing = signingToolsMissing();

/** The code gp printed for a refusal. */
const codeOf = (result: GpRun): string | undefined => result.stderr.match(/error (GP\d{4}): /)?.[1];

function expectRefusal(result: GpRun, code: CodeEntry, message: RegExp): void {
  expect(result.exitCode, result.stderr).toBe(1);
  expect(codeOf(result), result.stderr).toBe(code.code);
  expect(result.stderr).toMatch(message);
  expect(hasStackTrace(result.stderr)).toBe(false);
}

describe("gp sign and gp verify", skipFor(missing), () => {
  let work: string;
  let keys: SigningKeys;
  let image: string;
  let openpgpFingerprint: (user: string) => string;
  const sshFingerprint = (key: string) => execFileSync("ssh-keygen", ["-l", "-f", key], { encoding: "utf8" }).split(" ")[1] ?? "";

  /** A copy of the image in a directory of its own, signed as `how` says. */
  const signedCopy = async (how: string[]): Promise<string> => {
    const copy = join(temporaryDirectory("gp-signed-"), "appliance.squashfs");
    copyFileSync(image, copy);
    const signed = await runGp(["sign", copy, ...how], { cwd: work });
    expect(signed.exitCode, signed.stderr).toBe(0);
    return copy;
  };
  const byOpenPgp = () => signedCopy(["--gpg-key", "release@example.org", "--gpg-homedir", keys.gnupgHome]);
  const bySsh = () => signedCopy(["--ssh-key", keys.ssh.release]);

  beforeAll(() => {
    work = suiteDirectory("gp-sign-");
    keys = makeSigningKeys(work);
    image = makeSystemImage(work, "appliance", { marker: "signed" });
    openpgpFingerprint = (user) => keys.gpg(["--with-colons", "--list-keys", user]).toString("utf8").split("\n").find((line) => line.startsWith("fpr:"))?.split(":")[9] ?? "";
  });

  it("signs with an OpenPGP key of gpg's keyring, and verify accepts the signature with the armored or the binary public key", async () => {
    const copy = join(temporaryDirectory(), "appliance.squashfs");
    copyFileSync(image, copy);
    const signed = await runGp(["sign", copy, "--gpg-key", "release@example.org", "--gpg-homedir", keys.gnupgHome], { cwd: work });
    expect(signed.exitCode, signed.stderr).toBe(0);
    const fingerprint = openpgpFingerprint("release@example.org");
    expect(signed.stdout).toBe(`signed ${copy} with the OpenPGP key ${fingerprint} (release@example.org): ${copy}.sig\n`);
    expect(readFileSync(`${copy}.sig`, "utf8")).toMatch(/^-----BEGIN PGP SIGNATURE-----\n/);
    for (const key of [keys.openpgp.release, keys.openpgp.releaseBinary]) {
      const verified = await runGp(["verify", copy, "--signed-by", key, "--json"], { cwd: work });
      expect(verified.exitCode, verified.stderr).toBe(0);
      expect(jsonLines(verified.stdout)).toEqual([{ type: "result", ok: true, image: copy, signature: `${copy}.sig`, signedBy: key, kind: "openpgp", fingerprint }]);
    }
  });

  it("signs with an SSH private key, and verify accepts the signature with its .pub, naming the key's fingerprint", async () => {
    const copy = await bySsh();
    expect(readFileSync(`${copy}.sig`, "utf8")).toMatch(/^-----BEGIN SSH SIGNATURE-----\n/);
    const verified = await runGp(["verify", copy, "--signed-by", `${keys.ssh.release}.pub`], { cwd: work });
    expect(verified.exitCode, verified.stderr).toBe(0);
    expect(verified.stdout).toBe(`good: ${copy} is signed by the SSH key ${sshFingerprint(keys.ssh.release)} of ${keys.ssh.release}.pub (${copy}.sig)\n`);
  });

  it("verify accepts an SSH key among several, and an allowed_signers file with its own principals and options", async () => {
    const copy = await bySsh();
    const several = join(temporaryDirectory(), "keys.pub");
    writeFileSync(several, `# the team\n${readFileSync(`${keys.ssh.other}.pub`, "utf8")}\n${readFileSync(`${keys.ssh.release}.pub`, "utf8")}`);
    expect((await runGp(["verify", copy, "--signed-by", several], { cwd: work })).exitCode).toBe(0);
    const publicKey = readFileSync(`${keys.ssh.release}.pub`, "utf8").split(" ").slice(0, 2).join(" ");
    const allowed = join(temporaryDirectory(), "allowed_signers");
    writeFileSync(allowed, `release@example.org namespaces="file" ${publicKey}\n`);
    const verified = await runGp(["verify", copy, "--signed-by", allowed, "--json"], { cwd: work });
    expect(verified.exitCode, verified.stderr).toBe(0);
    expect(jsonLines(verified.stdout)[0]).toMatchObject({ kind: "ssh", fingerprint: sshFingerprint(keys.ssh.release) });
    // ssh-keygen's own rules in the file still hold: a key allowed only for git signs no image.
    writeFileSync(allowed, `release@example.org namespaces="git" ${publicKey}\n`);
    expect((await runGp(["verify", copy, "--signed-by", allowed], { cwd: work })).exitCode).toBe(1);
  });

  it("verify refuses an image with one byte changed after signing, for each kind", async () => {
    for (const [copy, key] of [[await byOpenPgp(), keys.openpgp.release], [await bySsh(), `${keys.ssh.release}.pub`]] as const) {
      const bytes = readFileSync(copy);
      bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0x01;
      writeFileSync(copy, bytes);
      expectRefusal(await runGp(["verify", copy, "--signed-by", key], { cwd: work }), codes.signatureBad, /signature .*appliance\.squashfs\.sig does not match .*appliance\.squashfs: the image, or the signature, was changed after it was signed/);
    }
  });

  it("verify refuses a truncated image as truncated, for each kind", async () => {
    for (const [copy, key] of [[await byOpenPgp(), keys.openpgp.release], [await bySsh(), `${keys.ssh.release}.pub`]] as const) {
      writeFileSync(copy, readFileSync(copy).subarray(0, 200));
      expectRefusal(await runGp(["verify", copy, "--signed-by", key], { cwd: work }), codes.imageDamaged, /is truncated: it is 200 bytes long, but its SquashFS superblock says it holds \d+/);
    }
  });

  it("verify refuses a key file of the other kind than the signature", async () => {
    expectRefusal(await runGp(["verify", await byOpenPgp(), "--signed-by", `${keys.ssh.release}.pub`], { cwd: work }), codes.signatureKindMismatch, /is an OpenPGP signature, but .*release_ed25519\.pub holds SSH keys/);
    expectRefusal(await runGp(["verify", await bySsh(), "--signed-by", keys.openpgp.release], { cwd: work }), codes.signatureKindMismatch, /is an SSH signature, but .*release\.asc holds OpenPGP keys/);
  });

  it("verify refuses a signature by another key of the same kind, naming the key that made it", async () => {
    const releaseId = openpgpFingerprint("release@example.org").slice(-16);
    expectRefusal(await runGp(["verify", await byOpenPgp(), "--signed-by", keys.openpgp.other], { cwd: work }), codes.signedByOtherKey, new RegExp(`was made by the OpenPGP key ${releaseId}, which .*other\\.asc does not hold`));
    expectRefusal(
      await runGp(["verify", await bySsh(), "--signed-by", `${keys.ssh.other}.pub`], { cwd: work }),
      codes.signedByOtherKey,
      new RegExp(`was made by the SSH key ${sshFingerprint(keys.ssh.release).replace(/[+/]/g, "\\$&")} \\(ssh-ed25519\\), which .*other_ed25519\\.pub does not hold`),
    );
  });

  it("verify refuses a missing signature, naming IMAGE.sig, and one that is a FIFO, without waiting", async () => {
    const copy = join(temporaryDirectory(), "unsigned.squashfs");
    copyFileSync(image, copy);
    expectRefusal(await runGp(["verify", copy, "--signed-by", keys.openpgp.release], { cwd: work }), codes.signatureMissing, /The signature .*unsigned\.squashfs\.sig does not exist\. Give the image's signature with --signature FILE, or sign the image with gp sign\./);
    execFileSync("mkfifo", [`${copy}.sig`]);
    expectRefusal(await runGp(["verify", copy, "--signed-by", keys.openpgp.release], { cwd: work }), codes.signatureMissing, /unsigned\.squashfs\.sig is a FIFO, not a file/);
  });

  it("verify refuses garbage given as the signature: random bytes, and armor around nothing of either kind", async () => {
    const copy = await bySsh();
    const garbage = join(temporaryDirectory(), "garbage.sig");
    const cases: [Buffer | string, CodeEntry, RegExp][] = [
      [Buffer.from([0x00, 0xff, 0x13, 0x37, 0x00]), codes.signatureUnreadable, /is not a signature: it is neither an OpenPGP signature/],
      ["-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAQ==\n-----END SSH SIGNATURE-----\n", codes.signatureUnreadable, /is not an SSH signature gp can read: its body is cut short/],
      ["-----BEGIN SSH SIGNATURE-----\nnot base64 at all!\n", codes.signatureUnreadable, /is not an SSH signature gp can read: its armored body holds characters that are not Base64/],
      ["-----BEGIN PGP SIGNATURE-----\n\nAAAA\n-----END PGP SIGNATURE-----\n", codes.signatureUnreadable, /holds none that gpgv can read/],
    ];
    for (const [content, code, message] of cases) {
      writeFileSync(garbage, content);
      const key = typeof content === "string" && content.includes("PGP") ? keys.openpgp.release : `${keys.ssh.release}.pub`;
      expectRefusal(await runGp(["verify", copy, "--signature", garbage, "--signed-by", key], { cwd: work }), code, message);
    }
  });

  it("verify refuses an SSH signature made for another namespace than files", async () => {
    const copy = join(temporaryDirectory(), "appliance.squashfs");
    copyFileSync(image, copy);
    execFileSync("ssh-keygen", ["-q", "-Y", "sign", "-n", "git", "-f", keys.ssh.release, copy], { stdio: "ignore" });
    expectRefusal(await runGp(["verify", copy, "--signed-by", `${keys.ssh.release}.pub`], { cwd: work }), codes.signatureUnreadable, /is an SSH signature for "git", not for a file/);
  });

  it("verify refuses key files that hold no public key: a private key, an empty file, text, a damaged key line", async () => {
    const copy = await bySsh();
    const file = join(temporaryDirectory(), "key");
    const publicKey = readFileSync(`${keys.ssh.release}.pub`, "utf8");
    const cases: [string | Buffer, RegExp][] = [
      [readFileSync(keys.ssh.release), /is an SSH private key; give its public key/],
      ["", /is empty/],
      ["hello world\n", /has no SSH public key on line 1/],
      [publicKey.replace(/AAAA[A-Za-z0-9+/]{20}/, "AAAA"), /has a damaged ssh-ed25519 key on line 1/],
      [Buffer.concat([Buffer.from(publicKey.trim()), Buffer.from([0x00]), Buffer.from("\n")]), /has a control character on line 1/],
      [Buffer.from("# keys\n\xff\xfe\n", "latin1"), /is not UTF-8 text/],
      [Buffer.from([0xc3, 0x28, 0x0a]), /is a binary OpenPGP file without a public key/],
    ];
    for (const [content, message] of cases) {
      writeFileSync(file, content);
      expectRefusal(await runGp(["verify", copy, "--signed-by", file], { cwd: work }), codes.signerKeyFileUnusable, message);
    }
    expectRefusal(await runGp(["verify", copy, "--signed-by", join(work, "no-such-key.pub")], { cwd: work }), codes.signerKeyFileUnusable, /The key file .*no-such-key\.pub does not exist/);
    const secret = join(temporaryDirectory(), "secret.asc");
    writeFileSync(secret, keys.gpg(["--armor", "--export-secret-keys", "release@example.org"]));
    expectRefusal(await runGp(["verify", await byOpenPgp(), "--signed-by", secret], { cwd: work }), codes.signerKeyFileUnusable, /is an OpenPGP private key; give the public key/);
  });

  it("sign replaces an existing signature only with --force", async () => {
    const copy = await bySsh();
    const first = readFileSync(`${copy}.sig`, "utf8");
    expectRefusal(await runGp(["sign", copy, "--gpg-key", "release@example.org", "--gpg-homedir", keys.gnupgHome], { cwd: work }), codes.signatureFileExists, /appliance\.squashfs\.sig exists already; give --force to replace it/);
    expect(readFileSync(`${copy}.sig`, "utf8")).toBe(first);
    const forced = await runGp(["sign", copy, "--gpg-key", "release@example.org", "--gpg-homedir", keys.gnupgHome, "--force"], { cwd: work });
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect((await runGp(["verify", copy, "--signed-by", keys.openpgp.release], { cwd: work })).exitCode).toBe(0);
  });

  it("sign never writes through a link or into a FIFO at IMAGE.sig, even with --force", async () => {
    const directory = temporaryDirectory();
    const copy = join(directory, "appliance.squashfs");
    copyFileSync(image, copy);
    const victim = join(directory, "victim");
    writeFileSync(victim, "keep me\n");
    symlinkSync(victim, `${copy}.sig`);
    for (const force of [[], ["--force"]]) {
      expectRefusal(await runGp(["sign", copy, "--ssh-key", keys.ssh.release, ...force], { cwd: work }), codes.signatureFileExists, /appliance\.squashfs\.sig is a symbolic link; gp writes signatures only as regular files/);
    }
    expect(readFileSync(victim, "utf8")).toBe("keep me\n");
    expect(readlinkSync(`${copy}.sig`)).toBe(victim);
    const fifoImage = join(directory, "fifo.squashfs");
    copyFileSync(image, fifoImage);
    execFileSync("mkfifo", [`${fifoImage}.sig`]);
    expectRefusal(await runGp(["sign", fifoImage, "--ssh-key", keys.ssh.release, "--force"], { cwd: work }), codes.signatureFileExists, /fifo\.squashfs\.sig is a FIFO/);
    expect(lstatSync(`${fifoImage}.sig`).isFIFO()).toBe(true);
  });

  it("sign refuses a truncated image, and says what gpg or ssh-keygen could not do, writing no signature", async () => {
    const directory = temporaryDirectory();
    const truncated = join(directory, "truncated.squashfs");
    writeFileSync(truncated, readFileSync(image).subarray(0, 300));
    expectRefusal(await runGp(["sign", truncated, "--ssh-key", keys.ssh.release], { cwd: work }), codes.imageDamaged, /is truncated/);
    const copy = join(directory, "appliance.squashfs");
    copyFileSync(image, copy);
    expectRefusal(await runGp(["sign", copy, "--gpg-key", "nobody@example.org", "--gpg-homedir", keys.gnupgHome], { cwd: work }), codes.signingFailed, /gpg has no secret key nobody@example\.org to sign/);
    expectRefusal(await runGp(["sign", copy, "--ssh-key", join(directory, "missing_ed25519")], { cwd: work }), codes.signingFailed, /The SSH key .*missing_ed25519 does not exist/);
    // A .pub away from its private key, without an agent that holds it, cannot sign.
    const lonePublicKey = join(directory, "lone_ed25519.pub");
    copyFileSync(`${keys.ssh.release}.pub`, lonePublicKey);
    const noAgent = await runGp(["sign", copy, "--ssh-key", lonePublicKey], { cwd: work, env: { SSH_AUTH_SOCK: "" } });
    expectRefusal(noAgent, codes.signingFailed, /ssh-keygen could not sign .* \(a \.pub file signs only through an agent/);
    expect(existsSync(`${truncated}.sig`) || existsSync(`${copy}.sig`)).toBe(false);
  });

  it("sign takes exactly one key option, and verify needs --signed-by", async () => {
    for (const args of [["sign", image], ["sign", image, "--gpg-key", "a", "--ssh-key", "b"], ["sign", image, "--ssh-key", "b", "--gpg-homedir", "c"], ["verify", image], ["verify", image, "--signature", `${image}.sig`]]) {
      const result = await runGp(args, { cwd: work });
      expect(result.exitCode, args.join(" ")).toBe(1);
      expect(result.stderr, args.join(" ")).toMatch(/give exactly one key to sign with|--gpg-homedir goes with --gpg-key|say whose signature the image must carry: --signed-by KEYFILE|--signature needs --signed-by KEYFILE/);
    }
    expect(existsSync(`${image}.sig`)).toBe(false);
  });
});
