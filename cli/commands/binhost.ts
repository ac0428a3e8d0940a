import { Command } from "clipanion";
import { BaseCommand, EXIT } from "../base-command.js";
import { interruptOnSignals } from "../interrupt.js";
import { evaluationOptions, readEvaluation, readSelection, selectionOptions, targetOption, WITHOUT_TARGET } from "../option-groups.js";
import { Option } from "../options.js";

const options = () => ({
  ...evaluationOptions(),
  destination: Option.String({ name: "destination" }),
  target: targetOption(),
  ...selectionOptions(),
});

export interface BinhostPublishCommand extends ReturnType<typeof options> {}

export class BinhostPublishCommand extends BaseCommand {
  static override paths = [["binhost", "publish"]];
  static override usage = Command.Usage({
    description: "publish the binary packages builds made to a binhost: a folder an HTTP server serves, or an S3 bucket",
    details: `
      Regenerates the Packages index of the arch's binary package cache (where every build of
      that arch leaves its packages; the lower's own with independentBinpkgs) with Portage in the
      image's lower (\`emaint binhost --fix\`), then uploads the packages the binhost lacks and
      the index, with the binhost's packages merged in. Packages whose USE flags or keywords
      differ have build ids of their own (binpkg-multi-instance) and stay apart. Nothing on the
      binhost is replaced or removed: a package whose path holds another file there is left
      out and reported. Two publishes at once do not lose each other's packages.

      DESTINATION is one arch's binhost: a folder, or s3://BUCKET/PREFIX through the AWS SDK,
      which reads AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION and, for an
      S3-compatible server, AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL. Builders read it with
      \`gp build --binhost URL\`, the URL where the folder or bucket is served.

      ${WITHOUT_TARGET}
    `,
    examples: [
      ["Publish into the folder a web server serves", "$0 binhost publish /srv/binhost/x86_64 nextcloud.image.ts"],
      ["Publish the aarch64 packages to a bucket", "$0 binhost publish s3://example-binhost/aarch64 nextcloud.image.ts --arch aarch64"],
    ],
  });

  constructor() {
    super(options());
  }

  async run(): Promise<number> {
    const { arch, variant } = readSelection(this);
    const evaluation = await readEvaluation(this);
    const { publishBinhost } = await import("../../runtime/build/index.js");
    const interrupt = interruptOnSignals(this.context.stderr, "the upload is being stopped; what is up stays, the index is not written");
    try {
      const published = await publishBinhost({
        target: this.target,
        destination: this.destination,
        cwd: process.cwd(),
        ...(arch === undefined ? {} : { arch }),
        ...(variant === undefined ? {} : { variant }),
        evaluation,
        signal: interrupt.signal,
        progress: (message) => {
          if (!this.json) this.context.stderr.write(`gp: ${message}\n`);
        },
      });
      this.report(published.diagnostics, "stderr");
      if (!published.ok) return EXIT.userError;
      const { result } = published;
      if (!this.json) {
        for (const conflict of result.conflicts) {
          this.context.stderr.write(
            `gp: warning: ${conflict.cpv} is not published: ${published.destination} holds another file at ${conflict.path}, a build given the same build id elsewhere. The binhost's file stays; a build that reads this binhost with --binhost numbers its new packages after the binhost's.\n`,
          );
        }
      }
      if (this.json) {
        this.printJson({ type: "result", ok: true, destination: published.destination, packageDir: published.packageDir, ...result });
      } else {
        this.context.stdout.write(
          `published ${result.packages} package${result.packages === 1 ? "" : "s"} to ${published.destination}: ${result.uploaded.length} uploaded, ${result.present} already there` +
            `${result.conflicts.length === 0 ? "" : `, ${result.conflicts.length} left out`}; the index lists ${result.indexed}.\n`,
        );
      }
      return EXIT.ok;
    } catch (problem) {
      if (interrupt.interrupted()) {
        this.context.stderr.write("gp: stopped; the binhost's index was not written, so it lists what it listed before\n");
        return 130;
      }
      throw problem;
    } finally {
      interrupt.dispose();
    }
  }
}
