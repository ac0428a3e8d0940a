import { createHash, randomBytes } from "node:crypto";
import type { FileServer } from "./file-server.js";
import type { TestSigner } from "./gpg.js";

const digest = (algorithm: string, data: Uint8Array): string => createHash(algorithm).update(data).digest("hex");

/** A stage3 release laid out as on distfiles.gentoo.org. */
export interface Stage3Release {
  readonly pointerPath: string;
  readonly tarballPath: string;
  readonly relativePath: string;
  readonly tarball: Buffer;
}

/**
 * Publishes a stage3 the way Gentoo's autobuilds do: the tarball, its DIGESTS (BLAKE2B and
 * SHA512 sections, also listing CONTENTS.gz) and the latest-stage3 pointer; the last two
 * clear-signed when a signer is given.
 */
export function publishStage3(
  server: FileServer,
  options: { readonly signer?: TestSigner; readonly stamp?: string; readonly arch?: string; readonly stage3?: string; readonly flavour?: string } = {},
): Stage3Release {
  const stamp = options.stamp ?? "20261124T170343Z";
  const arch = options.arch ?? "amd64";
  const stage3 = options.stage3 ?? arch;
  const flavour = options.flavour ?? "systemd";
  const name = `stage3-${stage3}-${flavour}-${stamp}.tar.xz`;
  const directory = `/releases/${arch}/autobuilds`;
  const relativePath = `${stamp}/${name}`;
  const tarball = randomBytes(64_000);
  const contents = randomBytes(1_000);
  const digests = [
    "# BLAKE2B HASH",
    `${digest("blake2b512", tarball)}  ${name}`,
    "# SHA512 HASH",
    `${digest("sha512", tarball)}  ${name}`,
    "# BLAKE2B HASH",
    `${digest("blake2b512", contents)}  ${name}.CONTENTS.gz`,
    "# SHA512 HASH",
    `${digest("sha512", contents)}  ${name}.CONTENTS.gz`,
    "",
  ].join("\n");
  const pointer = ["# Latest as of Tue, 24 Nov 2026 17:03:43 +0000", "# ts=1795540000", `${relativePath} ${tarball.length}`, ""].join("\n");
  const sign = (text: string): string => options.signer?.clearSign(text) ?? text;
  server.put(`${directory}/${relativePath}`, tarball);
  server.put(`${directory}/${relativePath}.CONTENTS.gz`, contents);
  server.put(`${directory}/${relativePath}.DIGESTS`, sign(digests));
  const pointerPath = `${directory}/latest-stage3-${stage3}-${flavour}.txt`;
  server.put(pointerPath, sign(pointer));
  return { pointerPath, tarballPath: `${directory}/${relativePath}`, relativePath, tarball };
}

/** A dated Portage snapshot as under `snapshots/`: tarball, `.md5sum` and, with a signer, `.gpgsig`. */
export function publishSnapshot(server: FileServer, date: string, options: { readonly signer?: TestSigner } = {}): { readonly path: string; readonly tarball: Buffer } {
  const name = `portage-${date}.tar.xz`;
  const tarball = randomBytes(32_000);
  const path = `/snapshots/${name}`;
  server.put(path, tarball);
  server.put(`${path}.md5sum`, `${digest("md5", tarball)}  ${name}\n`);
  if (options.signer !== undefined) server.put(`${path}.gpgsig`, options.signer.detachSign(tarball));
  return { path, tarball };
}

/** genpack-overlay at one commit: the API answer for `commits/main` and the archive. */
export function publishOverlay(server: FileServer, commit: string = "c0ffee".padEnd(40, "0")): { readonly archivePath: string; readonly archive: Buffer } {
  const archive = randomBytes(16_000);
  server.put("/api/repos/wbrxcorp/genpack-overlay/commits/main", JSON.stringify({ sha: commit, commit: { message: "tip" } }));
  const archivePath = `/github/wbrxcorp/genpack-overlay/archive/${commit}.tar.gz`;
  server.put(archivePath, archive);
  return { archivePath, archive };
}
