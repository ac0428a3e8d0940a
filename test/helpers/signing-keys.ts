import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** Why signatures cannot be tested here (gpg, gpgv or ssh-keygen missing), or undefined when they can. */
export function signingToolsMissing(): string | undefined {
  const missing = ["gpg", "gpgv", "ssh-keygen", "mksquashfs"].filter((tool) => spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0);
  if (missing.length === 0) return undefined;
  if (process.env["CI"] === "true") throw new Error(`CI must provide ${missing.join(", ")} for the signature tests`);
  return `${missing.join(", ")} not installed`;
}

/** Two OpenPGP keys in a gpg home of their own and two SSH keys, none with a passphrase, and their public halves as files. */
export interface SigningKeys {
  /** gpg's home directory holding the secret keys `release@example.org` and `other@example.org`. */
  readonly gnupgHome: string;
  readonly openpgp: { readonly release: string; readonly other: string; readonly releaseBinary: string };
  /** Private key files; their public keys are beside them as `.pub`. */
  readonly ssh: { readonly release: string; readonly other: string };
  /** Runs gpg in the test's home. */
  readonly gpg: (args: readonly string[]) => Buffer;
}

/** Makes the keys in `work` (gpg --quick-gen-key, ssh-keygen -t ed25519 -N ""). */
export function makeSigningKeys(work: string): SigningKeys {
  const gnupgHome = join(work, "gnupg");
  execFileSync("mkdir", ["-m", "700", gnupgHome]);
  const gpg = (args: readonly string[]) => execFileSync("gpg", ["--homedir", gnupgHome, "--batch", "--yes", "--pinentry-mode", "loopback", "--passphrase", "", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  gpg(["--quick-gen-key", "Release <release@example.org>", "ed25519", "sign", "never"]);
  gpg(["--quick-gen-key", "Other <other@example.org>", "ed25519", "sign", "never"]);
  const exported = (name: string, user: string, armor: boolean) => {
    const path = join(work, name);
    writeFileSync(path, gpg([...(armor ? ["--armor"] : []), "--export", user]));
    return path;
  };
  const sshKey = (name: string) => {
    const path = join(work, name);
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", `${name}@example.org`, "-f", path]);
    return path;
  };
  return {
    gnupgHome,
    openpgp: { release: exported("release.asc", "release@example.org", true), other: exported("other.asc", "other@example.org", true), releaseBinary: exported("release.gpg", "release@example.org", false) },
    ssh: { release: sshKey("release_ed25519"), other: sshKey("other_ed25519") },
    gpg,
  };
}
