import { Command } from "clipanion";
import { BaseCommand, EXIT } from "../base-command.js";
import { OptionProblem } from "../option-groups.js";
import { Option } from "../options.js";

export class SignCommand extends BaseCommand {
  static override paths = [["sign"]];
  static override usage = Command.Usage({
    description: "sign an image with an OpenPGP or SSH key",
    details: `
      Writes a detached signature of the image beside it, as IMAGE.sig: with --gpg-key, an armored
      OpenPGP signature made by gpg with a secret key of its keyring (gpg --detach-sign); with
      --ssh-key, an SSH signature made by ssh-keygen -Y sign -n file, with the private key file, or
      with its .pub when an agent holds the private key. Give exactly one of them. gpg and
      ssh-keygen ask for a passphrase themselves when the key has one.

      The signature is written aside and moved in when complete. One that is there already is
      replaced only with --force; a link, FIFO or directory at IMAGE.sig is never written through.

      Those who receive the image check it with gp verify IMAGE --signed-by KEYFILE, or with
      --signed-by at gp install and gp vm run, given the public key (gpg --armor --export KEYID),
      or the .pub file or an allowed_signers file for SSH.
    `,
    examples: [
      ["Sign with an OpenPGP key of gpg's keyring", "$0 sign nextcloud-x86_64.squashfs --gpg-key release@example.org"],
      ["Sign with an SSH key", "$0 sign nextcloud-x86_64.squashfs --ssh-key ~/.ssh/id_ed25519"],
    ],
  });
  image = Option.String({ name: "image.squashfs" });
  gpgKey = Option.String("--gpg-key", { description: "Sign with this OpenPGP key of gpg's keyring (a key id, fingerprint or user id)" });
  gpgHomedir = Option.String("--gpg-homedir", { description: "With --gpg-key: gpg's home directory (default: gpg's own, $GNUPGHOME or ~/.gnupg)" });
  sshKey = Option.String("--ssh-key", { description: "Sign with this SSH private key file, or its .pub when an agent holds the private key" });
  force = Option.Boolean("--force", false, { description: "Replace an existing IMAGE.sig" });

  async run(): Promise<number> {
    if ((this.gpgKey === undefined) === (this.sshKey === undefined)) throw new OptionProblem("give exactly one key to sign with: --gpg-key KEYID or --ssh-key FILE.");
    if (this.gpgHomedir !== undefined && this.gpgKey === undefined) throw new OptionProblem("--gpg-homedir goes with --gpg-key.");
    const { signImage, KIND_NAMES } = await import("../../runtime/signature/index.js");
    const key =
      this.gpgKey !== undefined
        ? { kind: "openpgp" as const, keyId: this.gpgKey, ...(this.gpgHomedir === undefined ? {} : { homedir: this.gpgHomedir }) }
        : { kind: "ssh" as const, keyFile: this.sshKey ?? "" };
    const signed = await signImage({ image: this.image, key, force: this.force });
    if (this.json) this.printJson({ type: "result", ok: true, image: signed.image, signature: signed.signature, kind: signed.kind, fingerprint: signed.fingerprint });
    else this.context.stdout.write(`signed ${signed.image} with the ${KIND_NAMES[signed.kind]} key ${signed.fingerprint} (${this.gpgKey ?? this.sshKey}): ${signed.signature}\n`);
    return EXIT.ok;
  }
}
