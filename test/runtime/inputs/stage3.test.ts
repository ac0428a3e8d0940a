import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ChecksumMismatchError,
  latestStage3Url,
  MalformedInputError,
  parseGentooDigests,
  parseStage3Pointer,
  readClearSigned,
  resolveStage3,
  type InputFetchContext,
} from "../../../runtime/inputs/index.js";
import { temporaryDirectory } from "../../helpers/temp.js";
import { FileServer } from "./file-server.js";
import { fetchContext } from "./fetch-context.js";
import { publishStage3 } from "./gentoo-mirror.js";

const CLEAR_SIGNED_POINTER = `-----BEGIN PGP SIGNED MESSAGE-----
Hash: SHA512

# Latest as of Tue, 24 Nov 2026 17:03:43 +0000
# ts=1795540000
20261124T170343Z/stage3-amd64-systemd-20261124T170343Z.tar.xz 287113428
-----BEGIN PGP SIGNATURE-----

iHUEARYIAB0WIQSnCiT1I40k0o0HsG9gTv3N3zudbwUCawgR0wAKCRBgTv3N3zud
=k6YN
-----END PGP SIGNATURE-----
`;

let server: FileServer;
let notes: string[];

beforeEach(async () => {
  server = await new FileServer(temporaryDirectory("gp-mirror-")).start();
  notes = [];
});

afterEach(async () => {
  await server.close();
});

function context(extra: Partial<InputFetchContext> = {}): InputFetchContext {
  return fetchContext(notes, { tuning: { retries: 1, backoffMs: 5, connectTimeoutMs: 2_000, idleTimeoutMs: 2_000 }, ...extra });
}

describe("latest-stage3 pointers", () => {
  it.each([
    ["x86_64", "releases/amd64/autobuilds/latest-stage3-amd64-systemd.txt"],
    ["i686", "releases/x86/autobuilds/latest-stage3-i686-systemd.txt"],
    ["aarch64", "releases/arm64/autobuilds/latest-stage3-arm64-systemd.txt"],
    ["riscv64", "releases/riscv/autobuilds/latest-stage3-rv64_lp64d-systemd.txt"],
  ] as const)("names Gentoo's pointer for %s", (arch, path) => {
    expect(latestStage3Url(arch)).toBe(`https://distfiles.gentoo.org/${path}`);
  });

  it("uses the configured mirror and flavour", () => {
    expect(latestStage3Url("x86_64", "https://mirror.example/gentoo", "openrc")).toBe(
      "https://mirror.example/gentoo/releases/amd64/autobuilds/latest-stage3-amd64-openrc.txt",
    );
  });

  it("reads the path and size from the signed body of a clear-signed pointer", () => {
    const { signed, body } = readClearSigned(CLEAR_SIGNED_POINTER, "latest.txt");

    expect(signed).toBe(true);
    expect(parseStage3Pointer(body, "latest.txt")).toEqual({
      path: "20261124T170343Z/stage3-amd64-systemd-20261124T170343Z.tar.xz",
      size: 287113428,
    });
  });

  it("reads an unsigned pointer with the same body", () => {
    const plain = "# comment\n\n20261124T170343Z/stage3-arm64-systemd-20261124T170343Z.tar.xz 12 # trailing\n";
    const { signed, body } = readClearSigned(plain, "latest.txt");

    expect(signed).toBe(false);
    expect(parseStage3Pointer(body, "latest.txt").path).toBe("20261124T170343Z/stage3-arm64-systemd-20261124T170343Z.tar.xz");
  });

  it("undoes dash-escaping in clear-signed text", () => {
    const text = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n- -dashed\nplain\n-----BEGIN PGP SIGNATURE-----\nx\n-----END PGP SIGNATURE-----\n";
    expect(readClearSigned(text, "x").body).toBe("-dashed\nplain");
  });

  it("refuses a pointer that names nothing, or a path outside its directory", () => {
    expect(() => parseStage3Pointer("# only comments\n", "latest.txt")).toThrow(MalformedInputError);
    expect(() => parseStage3Pointer("../../etc/passwd 12\n", "latest.txt")).toThrow(/not a path below its own directory/);
  });

  it("refuses a clear-signed file cut short before its signature", () => {
    expect(() => readClearSigned("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nx 1\n", "latest.txt")).toThrow(/cut short/);
  });
});

describe("DIGESTS", () => {
  it("reads SHA512 and BLAKE2B sections for each file", () => {
    const digests = parseGentooDigests(
      "# BLAKE2B HASH\nAB12  stage3.tar.xz\n# SHA512 HASH\ncd34  stage3.tar.xz\ncd56  stage3.tar.xz.CONTENTS.gz\n",
      "DIGESTS",
    );

    expect(digests.get("SHA512")?.get("stage3.tar.xz")).toBe("cd34");
    expect(digests.get("BLAKE2B")?.get("stage3.tar.xz")).toBe("ab12");
    expect(digests.get("SHA512")?.get("stage3.tar.xz.CONTENTS.gz")).toBe("cd56");
  });
});

describe("stage3 resolution", () => {
  it("follows a plain pointer to the tarball and checks it against DIGESTS", async () => {
    const release = publishStage3(server);

    const resolved = await resolveStage3(server.url(release.pointerPath), context(), "stage3 x86_64");

    expect(resolved).toMatchObject({
      url: server.url(release.tarballPath),
      sha512: createHash("sha512").update(release.tarball).digest("hex"),
      size: release.tarball.length,
      verified: "sha512",
      resolvedFrom: server.url(release.pointerPath),
    });
    expect(readFileSync(resolved.path).equals(release.tarball)).toBe(true);
    expect(notes.at(-1)).toContain("signatures not checked (no OpenPGP key configured)");
  });

  it("follows a clear-signed pointer and DIGESTS without a key, reading only the signed text", async () => {
    const release = publishStage3(server);
    const pointer = readFileSync(`${server.root}${release.pointerPath}`, "utf8");
    const digests = readFileSync(`${server.root}${release.tarballPath}.DIGESTS`, "utf8");
    const wrap = (text: string): string => CLEAR_SIGNED_POINTER.replace(/\n\n[\s\S]*?-----BEGIN PGP SIGNATURE/, `\n\n${text}-----BEGIN PGP SIGNATURE`);
    server.put(release.pointerPath, `unsigned junk 1\n${wrap(pointer)}`);
    server.put(`${release.tarballPath}.DIGESTS`, wrap(digests));

    const resolved = await resolveStage3(server.url(release.pointerPath), context(), "stage3 x86_64");

    expect(resolved.url).toBe(server.url(release.tarballPath));
    expect(resolved.verified).toBe("sha512");
  });

  it("refuses a tarball that does not match its DIGESTS and deletes it", async () => {
    const release = publishStage3(server);
    server.put(release.tarballPath, Buffer.alloc(release.tarball.length, 1));
    const fetchContext = context();

    const failure = await resolveStage3(server.url(release.pointerPath), fetchContext, "stage3 x86_64").catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ChecksumMismatchError);
    expect((failure as Error).message).toContain(server.url(release.tarballPath));
    expect((failure as Error).message).toContain("does not match the digest Gentoo published in its DIGESTS");
  });

  it("refuses a DIGESTS without a SHA512 entry for the tarball", async () => {
    const release = publishStage3(server);
    server.put(`${release.tarballPath}.DIGESTS`, "# BLAKE2B HASH\nab  other.tar.xz\n");

    await expect(resolveStage3(server.url(release.pointerPath), context(), "stage3 x86_64")).rejects.toThrow(/lists no SHA512 digest for stage3-amd64-systemd-/);
  });

  it("pins a tarball given by URL without DIGESTS as unverified", async () => {
    server.put("/custom/stage3.tar.xz", "custom stage3");

    const resolved = await resolveStage3(server.url("/custom/stage3.tar.xz"), context(), "stage3 x86_64");

    expect(resolved.verified).toBe("none");
    expect(notes.at(-1)).toContain("the server has no DIGESTS for it");
  });
});
