import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

function hasTool(command: string): boolean {
  return spawnSync(command, ["--version"], { stdio: "ignore" }).status === 0;
}

/** Why the OpenPGP tests cannot run here, or undefined when gpg and gpgv are both installed. */
export const gpgMissing: string | undefined =
  hasTool("gpg") && hasTool("gpgv") ? undefined : "gpg or gpgv is not installed (Debian: gnupg and gpgv)";

/** On CI the tools must be there: a skipped signature test would hide a broken verifier. */
export const mustHaveGpg = process.env.CI === "true";

/**
 * A throwaway OpenPGP signing key in its own GNUPGHOME, made with `gpg --quick-gen-key`, that
 * signs the way Gentoo's release engineering does: clear-signed text and detached signatures.
 */
export class TestSigner {
  readonly publicKeyFile: string;

  private constructor(private readonly home: string) {
    this.publicKeyFile = join(home, "public.asc");
  }

  static create(directory: string, name = "gp test"): TestSigner {
    const home = join(directory, name.replaceAll(" ", "-"));
    mkdirSync(home, { mode: 0o700, recursive: true });
    const signer = new TestSigner(home);
    signer.gpg(["--passphrase", "", "--quick-gen-key", `${name} <gp-test@example.invalid>`, "ed25519", "sign", "never"]);
    writeFileSync(signer.publicKeyFile, signer.gpg(["--armor", "--export"]));
    return signer;
  }

  clearSign(text: string): string {
    return this.gpg(["--pinentry-mode", "loopback", "--passphrase", "", "--clearsign"], text).toString("utf8");
  }

  detachSign(data: Uint8Array): Buffer {
    return this.gpg(["--pinentry-mode", "loopback", "--passphrase", "", "--detach-sign"], data);
  }

  /** Stops the gpg-agent the key generation started. */
  dispose(): void {
    spawnSync("gpgconf", ["--kill", "gpg-agent"], { env: { ...process.env, GNUPGHOME: this.home }, stdio: "ignore" });
  }

  private gpg(args: readonly string[], input?: string | Uint8Array): Buffer {
    return execFileSync("gpg", ["--batch", "--yes", "--quiet", ...args], {
      env: { ...process.env, GNUPGHOME: this.home },
      input,
      stdio: ["pipe", "pipe", "pipe"],
    });
  }
}
