import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  dearmorKeys,
  OpenPgpVerifier,
  resolvePortageSnapshot,
  resolveStage3,
  SignatureError,
  type InputFetchContext,
} from "../../../runtime/inputs/index.js";
import { suiteDirectory, temporaryDirectory } from "../../helpers/temp.js";
import { FileServer } from "./file-server.js";
import { fetchContext } from "./fetch-context.js";
import { publishSnapshot, publishStage3 } from "./gentoo-mirror.js";
import { gpgMissing, mustHaveGpg, TestSigner } from "./gpg.js";
import { skipFor } from "../../helpers/skip.js";

describe("OpenPGP key files", () => {
  it("says gpgv is missing and what to do, instead of failing later", async () => {
    const key = join(temporaryDirectory(), "key.asc");
    writeFileSync(key, "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEawgR0xYJKwYBBAHaRw8BAQdA\n-----END PGP PUBLIC KEY BLOCK-----\n");

    const failure = await OpenPgpVerifier.create(key, { gpgv: "/nonexistent/gpgv" }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(SignatureError);
    expect((failure as Error).message).toMatch(/^Signatures cannot be checked: \/nonexistent\/gpgv is not installed\. Install GnuPG/);
  });

  it("names a key file that is a FIFO instead of waiting for a writer", { timeout: 5_000 }, async () => {
    const key = join(temporaryDirectory(), "key.asc");
    execFileSync("mkfifo", [key]);

    const failure = await OpenPgpVerifier.create(key).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(SignatureError);
    expect((failure as Error).message).toBe(`The OpenPGP key file ${key} is a FIFO, not a file. Check the path given as the key.`);
  });

  it("refuses a key file that is not a key", () => {
    expect(() => dearmorKeys(Buffer.from("hello\n"), "key.asc")).toThrow(/key\.asc is not an OpenPGP public key/);
  });

  it("detects a damaged armored key by its checksum", () => {
    const armored = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEawgR0xYJKwYBBAHaRw8BAQdA\n=AAAA\n-----END PGP PUBLIC KEY BLOCK-----\n";
    expect(() => dearmorKeys(Buffer.from(armored), "key.asc")).toThrow(/damaged/);
  });
});

const skipped = gpgMissing !== undefined && !mustHaveGpg;

describe("OpenPGP verification with gpgv", skipFor(skipped ? gpgMissing : undefined), () => {
  let signer: TestSigner;
  let stranger: TestSigner;
  let server: FileServer;
  let verifier: OpenPgpVerifier;
  let notes: string[];

  beforeAll(async () => {
    if (gpgMissing !== undefined) throw new Error(`CI=true requires gpg and gpgv for the signature tests: ${gpgMissing}`);
    const home = suiteDirectory("gp-gnupg-");
    signer = TestSigner.create(home, "gp release");
    stranger = TestSigner.create(home, "someone else");
    verifier = await OpenPgpVerifier.create(signer.publicKeyFile);
  });

  afterAll(async () => {
    await verifier?.dispose();
    signer?.dispose();
    stranger?.dispose();
  });

  beforeEach(async () => {
    server = await new FileServer(temporaryDirectory("gp-mirror-")).start();
    notes = [];
  });

  afterEach(async () => {
    await server.close();
  });

  const context = (): InputFetchContext => fetchContext(notes, { verifier });

  it("decodes an armored key to the same packets as gpg --dearmor", () => {
    const armored = readFileSync(signer.publicKeyFile);
    expect(dearmorKeys(armored, "key").equals(execFileSync("gpg", ["--dearmor"], { input: armored }))).toBe(true);
  });

  it("accepts a stage3 whose pointer and DIGESTS carry good signatures", async () => {
    const release = publishStage3(server, { signer });

    const resolved = await resolveStage3(server.url(release.pointerPath), context(), "stage3 x86_64");

    expect(resolved.verified).toBe("openpgp+sha512");
    expect(resolved.url).toBe(server.url(release.tarballPath));
    expect(notes.at(-1)).toContain("whose OpenPGP signature is good");
  });

  it("refuses a pointer whose signed text was altered", async () => {
    const release = publishStage3(server, { signer });
    const file = join(server.root, release.pointerPath);
    writeFileSync(file, readFileSync(file, "utf8").replace(/\.tar\.xz \d+$/m, ".tar.xz 1"));

    const failure = await resolveStage3(server.url(release.pointerPath), context(), "stage3 x86_64").catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(SignatureError);
    expect((failure as Error).message).toBe(
      `The OpenPGP signature of ${server.url(release.pointerPath)} does not match its content: the file was changed after it was signed. ` +
        "Do not use it; try again later or use another mirror.",
    );
  });

  it("refuses a DIGESTS whose digests were altered", async () => {
    const release = publishStage3(server, { signer });
    const file = join(server.root, `${release.tarballPath}.DIGESTS`);
    const text = readFileSync(file, "utf8");
    const digestLine = /^[0-9a-f]{128}(?=  stage3-amd64-systemd-20261124T170343Z\.tar\.xz$)/m;
    writeFileSync(file, text.replace(digestLine, "0".repeat(128)));

    await expect(resolveStage3(server.url(release.pointerPath), context(), "stage3 x86_64")).rejects.toThrow(/does not match its content/);
  });

  it("refuses an unsigned pointer when a key is configured", async () => {
    const release = publishStage3(server);

    await expect(resolveStage3(server.url(release.pointerPath), context(), "stage3 x86_64")).rejects.toThrow(
      /is not OpenPGP-signed, but a key is configured .*, so unsigned files are refused/,
    );
  });

  it("refuses files signed with a key other than the configured one", async () => {
    const release = publishStage3(server, { signer: stranger });

    await expect(resolveStage3(server.url(release.pointerPath), context(), "stage3 x86_64")).rejects.toThrow(
      /is signed with key [0-9A-F]+, which is not in .*public\.asc/,
    );
  });

  it("accepts a Portage snapshot with a good detached signature and refuses a replaced one", async () => {
    const snapshot = publishSnapshot(server, "20261123", { signer });
    const now = new Date("2026-11-24T12:00:00Z");

    const good = await resolvePortageSnapshot(server.url("/snapshots/portage-latest.tar.xz"), context(), now);
    expect(good).toMatchObject({ snapshot: "20261123", verified: "openpgp" });

    // A replaced tarball with a matching .md5sum still fails the signature.
    const forged = Buffer.alloc(snapshot.tarball.length, 7);
    server.put(snapshot.path, forged);
    server.put(`${snapshot.path}.md5sum`, `${createHash("md5").update(forged).digest("hex")}  portage-20261123.tar.xz\n`);
    await expect(resolvePortageSnapshot(server.url("/snapshots/portage-latest.tar.xz"), context(), now)).rejects.toThrow(
      /The OpenPGP signature of .*portage-20261123\.tar\.xz does not match its content/,
    );
  });
});
