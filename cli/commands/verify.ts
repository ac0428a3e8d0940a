import { Command } from "clipanion";
import { BaseCommand, EXIT } from "../base-command.js";
import { OptionProblem, readSignatureCheck, signatureOptions } from "../option-groups.js";
import { Option } from "../options.js";

export interface VerifyCommand extends ReturnType<typeof signatureOptions> {}

export class VerifyCommand extends BaseCommand {
  static override paths = [["verify"]];
  static override usage = Command.Usage({
    description: "check that an image is signed by a given key",
    details: `
      Checks the detached signature of the image (IMAGE.sig beside it, or --signature FILE)
      against the key file given with --signed-by, and says who signed it, or refuses (exit status
      1) with a code that says what is wrong: no signature, not a signature, an unusable key file,
      a signature and key file of different kinds, a signature that does not match the image (the
      image was changed or is cut short), or a signature by another key.

      The kinds are read from the content. An OpenPGP signature (armored or binary) is checked by
      gpgv against the public keys of the key file alone (armored or binary; it may hold several),
      never against your own keyring. An SSH signature is checked by ssh-keygen -Y verify in the
      namespace "file" against the key file: SSH public key lines (a .pub file, several keys) or an
      allowed_signers file.

      gp install, gp install --self-update and gp vm run take the same --signed-by and --signature
      and check the same way before they write or start anything.
    `,
    examples: [
      ["Check an image against the publisher's OpenPGP key", "$0 verify nextcloud-x86_64.squashfs --signed-by release.asc"],
      ["Check an SSH signature kept elsewhere", "$0 verify nextcloud-x86_64.squashfs --signature downloads/nextcloud.sig --signed-by allowed_signers"],
    ],
  });
  image = Option.String({ name: "image.squashfs" });

  constructor() {
    super(signatureOptions());
  }

  async run(): Promise<number> {
    const check = readSignatureCheck(this);
    if (check === undefined) throw new OptionProblem("say whose signature the image must carry: --signed-by KEYFILE (an OpenPGP public key, or SSH public keys or an allowed_signers file).");
    const { verifyImageSignature, KIND_NAMES } = await import("../../runtime/signature/index.js");
    const good = await verifyImageSignature(this.image, check);
    if (this.json) this.printJson({ type: "result", ok: true, image: good.image, signature: good.signature, signedBy: good.signedBy, kind: good.kind, fingerprint: good.fingerprint });
    else this.context.stdout.write(`good: ${good.image} is signed by the ${KIND_NAMES[good.kind]} key ${good.fingerprint} of ${good.signedBy} (${good.signature})\n`);
    return EXIT.ok;
  }
}
